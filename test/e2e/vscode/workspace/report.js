// Which of the wanted ids exist? A join of two lists, written the slow way.
'use strict';

/**
 * @param {number[]} wanted
 * @param {number[]} existing
 */
function matchingIds(wanted, existing) {
  const found = [];
  for (const id of wanted) {
    if (existing.includes(id)) found.push(id);
  }
  return found;
}

const existing = Array.from({ length: 30000 }, (_, i) => i * 2);
const wanted = Array.from({ length: 30000 }, (_, i) => i * 3);
console.log(`matching ids: ${matchingIds(wanted, existing).length}`);
