// A nightly sales report: total the orders placed by active customers. `activeUserIds` is an array,
// so `includes` scans it for every order — 20,000 orders × 13,334 ids, O(n·m).
//   node samples/quadratic-loop/report.js
'use strict';

/**
 * @param {{ id: number, userId: number, cents: number }[]} orders
 * @param {number[]} activeUserIds
 */
function activeOrderTotals(orders, activeUserIds) {
  let count = 0;
  let cents = 0;
  for (const order of orders) {
    if (activeUserIds.includes(order.userId)) { // expect: quadratic-loop
      count += 1;
      cents += order.cents;
    }
  }
  return { count, cents };
}

function main() {
  const started = performance.now();
  const users = Array.from({ length: 20_000 }, (_, i) => ({ id: i * 3 + 1, active: i % 3 !== 0 }));
  const activeUserIds = users.filter((u) => u.active).map((u) => u.id);
  const orders = Array.from({ length: 20_000 }, (_, i) => ({ id: i, userId: (i * 7919) % 60_000, cents: (i * 37) % 10_000 }));
  const { count, cents } = activeOrderTotals(orders, activeUserIds);
  console.log(`orders=${orders.length} active-orders=${count} total=${(cents / 100).toFixed(2)}`);
  process.stderr.write(`wall ${Math.round(performance.now() - started)} ms\n`);
}

main();
