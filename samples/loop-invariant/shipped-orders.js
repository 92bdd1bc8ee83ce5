// Counts shipped orders in a log. The pattern depends only on `prefix`, yet a new RegExp is built
// (and its source parsed) for every one of the 200,000 lines.
//   node samples/loop-invariant/shipped-orders.js
'use strict';

function shippedOrderSum(lines, prefix) {
  let count = 0;
  let sum = 0;
  for (const line of lines) {
    const pattern = new RegExp(`^${prefix}-(\\d+) shipped$`); // expect: loop-invariant
    const match = pattern.exec(line);
    if (match) {
      count += 1;
      sum += Number(match[1]) % 97;
    }
  }
  return { count, sum };
}

function main() {
  const started = performance.now();
  const states = ['created', 'paid', 'shipped', 'delivered'];
  const lines = Array.from({ length: 200_000 }, (_, i) => `order-${i} ${states[(i * 7) % states.length]}`);
  const { count, sum } = shippedOrderSum(lines, 'order');
  console.log(`lines=${lines.length} shipped=${count} sum=${sum}`);
  process.stderr.write(`wall ${Math.round(performance.now() - started)} ms\n`);
}

main();
