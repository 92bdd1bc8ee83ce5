// The TypeScript twin of quadratic.js, with types that esbuild strips: the hot line must be
// reported on this file's line (marked `HOT`), not on a line of the generated JavaScript.
interface Item {
  id: number;
  name: string;
}

type Pair = readonly [Item, Item];

function makeItems(n: number): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < n; i++) items.push({ id: (i * 7919) % ((n / 2) | 0), name: `item-${i}` });
  return items;
}

export function findDuplicatePairs(items: readonly Item[]): Pair[] {
  const pairs: Pair[] = [];
  for (let i = 0; i < items.length; i++) {
    const left: Item = items[i]!;
    for (let j = i + 1; j < items.length; j++) {
      const right: Item = items[j]!;
      if (left.id === right.id && left.name !== right.name) pairs.push([left, right] as const); // HOT: the O(n²) compare
    }
  }
  return pairs;
}

const n: number = Number(process.argv[2] ?? 16000);
const pairs = findDuplicatePairs(makeItems(n));
console.log(`found ${pairs.length} duplicate pairs among ${n} items`);
