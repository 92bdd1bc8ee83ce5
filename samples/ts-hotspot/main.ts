// A billing run over 20,000 invoices and 8,000 customers (TypeScript; run with tsx, no build step):
//   npx tsx samples/ts-hotspot/main.ts
import { invoiceLines, type Customer, type Invoice } from './billing';

const TIERS: Customer['tier'][] = ['gold', 'silver', 'bronze'];

function makeCustomers(count: number): Customer[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, name: `customer-${i + 1}`, tier: TIERS[i % TIERS.length]! }));
}

function makeInvoices(count: number, customers: number): Invoice[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, customerId: ((i * 7919) % (customers + 500)) + 1, cents: 1000 + ((i * 37) % 90_000) }));
}

const started = performance.now();
const lines = invoiceLines(makeInvoices(20_000, 8_000), makeCustomers(8_000));
const unknown = lines.filter((l) => l.customer === 'unknown').length;
const total = lines.reduce((sum, l) => sum + l.cents, 0);
console.log(`invoices=${lines.length} unknown-customers=${unknown} total-cents=${total}`);
process.stderr.write(`wall ${Math.round(performance.now() - started)} ms\n`);
