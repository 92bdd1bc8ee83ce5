// The TypeScript twin of alloc.js: heap samples carry only the function's position, in the
// JavaScript the loader generated (esbuild's CommonJS output has a header, so its lines are not
// these). The allocation hotspot must be reported on this file's line, the one marked below.
interface LogRecord {
  id: number;
  label: string;
  payload: number[];
}

type Retained = LogRecord[];

// Exported, so it stays reachable from require.cache until the process ends (like a real cache).
export const retained: Retained = [];

function build(n: number): void { for (let i = 0; i < n; i++) retained.push({ id: i, label: `record-${i}`, payload: new Array<number>(24).fill(i) }); } // HOT-ALLOC: retained records

const count: number = Number(process.argv[2] ?? 100000);
build(count);
console.log(`retained ${retained.length} records`);
