// An HTTP handler that re-reads and parses a JSON file synchronously on every request, driven by a
// bounded local client; the server closes and the process exits when the client is done. The
// handler's read+parse line is the hot line (marked `HOT`): read once at start-up instead.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const DATA_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'perflens-sample-')), 'catalog.json');
const catalog = Array.from({ length: 6000 }, (_, i) => ({ sku: `sku-${i}`, price: i % 97, tags: ['a', 'b', String(i % 13)] }));
fs.writeFileSync(DATA_FILE, JSON.stringify(catalog));

const server = http.createServer((req, res) => {
  const items = JSON.parse(fs.readFileSync(DATA_FILE, 'utf8')); // HOT: sync read + parse per request
  const id = Number(new URL(req.url, 'http://x').searchParams.get('i')) % items.length;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(items[id]));
});

async function drive(port, total, concurrency) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const r = await fetch(`http://127.0.0.1:${port}/item?i=${i}`);
      await r.text();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

server.listen(0, '127.0.0.1', async () => {
  const total = Number(process.argv[2] ?? 300);
  await drive(server.address().port, total, 4);
  console.log(`served ${total} requests`);
  server.close();
  fs.rmSync(path.dirname(DATA_FILE), { recursive: true, force: true });
});
