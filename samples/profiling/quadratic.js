// A quadratic duplicate finder: for each item, scan every other item. The compare line is the hot
// line (marked `HOT`); a Set of ids would make it linear.
'use strict';

function makeItems(n) {
  const items = [];
  for (let i = 0; i < n; i++) items.push({ id: (i * 7919) % (n / 2 | 0), name: `item-${i}` });
  return items;
}

function findDuplicates(items) {
  const dups = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].id === items[j].id) dups.push(items[j]); // HOT: the O(n²) compare
    }
  }
  return dups;
}

const n = Number(process.argv[2] ?? 16000);
const dups = findDuplicates(makeItems(n));
console.log(`found ${dups.length} duplicates among ${n} items`);
