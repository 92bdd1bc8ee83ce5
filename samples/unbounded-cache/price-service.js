// A pricing service that memoises prices per (sku, currency) in a module-level Map that only ever
// grows. Every new key stays for the life of the process: memory climbs with the number of distinct
// keys ever seen, not with the working set.
//   node samples/unbounded-cache/price-service.js
'use strict';

const RATES = { EUR: 0.92, GBP: 0.79, JPY: 151.3, USD: 1 };
const CURRENCIES = Object.keys(RATES);
const REQUESTS = 300_000;

const priceCache = new Map(); // expect: unbounded-cache

function basePriceCents(sku) {
  let h = 0;
  for (let i = 0; i < sku.length; i++) h = (h * 131 + sku.charCodeAt(i)) % 1_000_003;
  return 500 + (h % 50_000);
}

function priceFor(sku, currency) {
  const key = `${sku}:${currency}`;
  let price = priceCache.get(key);
  if (price === undefined) {
    price = { sku, currency, amount: Math.round(basePriceCents(sku) * RATES[currency]), quotedAt: key.length };
    priceCache.set(key, price);
  }
  return price;
}

/** One simulated request: mostly new SKUs (a long tail), like a catalogue crawled by bots. */
function handleRequest(i) {
  const sku = i % 10 === 0 ? `hot-${i % 100}` : `sku-${i}`;
  return priceFor(sku, CURRENCIES[i % CURRENCIES.length]).amount;
}

function main() {
  const started = performance.now();
  const heapBefore = process.memoryUsage().heapUsed;
  let total = 0;
  for (let i = 0; i < REQUESTS; i++) total = (total + handleRequest(i)) % 1_000_000_007;
  console.log(`requests=${REQUESTS} checksum=${total}`);
  const grownMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  process.stderr.write(`wall ${Math.round(performance.now() - started)} ms, cache entries ${priceCache.size}, heap +${grownMb.toFixed(0)} MB\n`);
}

main();
