// Archives a day's reports: compress each one and write it to disk. Every iteration waits for the
// previous file to be compressed and written although the files are independent, so the thread pool
// (4 threads) and the second core sit idle.
//   node samples/serial-await/archive-reports.js
'use strict';
const { mkdtemp, rm, writeFile } = require('node:fs/promises');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { promisify } = require('node:util');
const zlib = require('node:zlib');

const gzip = promisify(zlib.gzip);

/** Deterministic report bodies: CSV-like text, about 1.5 MB each. */
function makeReports(count) {
  const reports = [];
  for (let r = 0; r < count; r++) {
    const rows = [];
    for (let i = 0; i < 40_000; i++) rows.push(`${r},${i},sku-${(i * 7919 + r) % 5003},${(i * 37 + r * 11) % 10_000}`);
    reports.push({ name: `report-${String(r).padStart(2, '0')}.csv`, body: rows.join('\n') });
  }
  return reports;
}

async function archiveAll(dir, reports) {
  let bytes = 0;
  for (const report of reports) {
    const packed = await gzip(report.body, { level: 9 });
    bytes += packed.length;
    await writeFile(join(dir, `${report.name}.gz`), packed); // expect: serial-await
  }
  return bytes;
}

async function main() {
  const reports = makeReports(12);
  const dir = await mkdtemp(join(tmpdir(), 'perflens-serial-await-'));
  const started = performance.now();
  try {
    const bytes = await archiveAll(dir, reports);
    console.log(`archived=${reports.length} gzip-bytes=${bytes}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stderr.write(`wall ${Math.round(performance.now() - started)} ms (archiving)\n`);
}

main();
