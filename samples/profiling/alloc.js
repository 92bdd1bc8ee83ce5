// Allocation-heavy. `build` keeps records in an exported array that only grows (the leak view,
// the default "live" heap mode, shows it); `churn` makes far more short-lived garbage (only the
// "churn" heap mode shows it). Heap profiles are function-level (a sample carries the function's
// position, and inlined callees count as their caller), so each allocating function is one line.
'use strict';

// Exported, so it stays reachable from require.cache until the process ends (like a real cache).
const retained = [];
module.exports = { retained };

const build = (n) => { for (let i = 0; i < n; i++) retained.push({ id: i, label: `record-${i}`, payload: new Array(24).fill(i) }); }; // HOT-ALLOC: retained records

const churn = (n) => { let sum = 0; for (let i = 0; i < n; i++) sum += { i, parts: new Array(32).fill(i) }.parts.length; return sum; }; // HOT-CHURN: short-lived garbage

const n = Number(process.argv[2] ?? 100000);
build(n);
console.log(`retained ${retained.length} records, churned ${churn(n * 8)} slots`);
