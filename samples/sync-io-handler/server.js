// A plain `http` product API whose handler reads and parses the catalog with readFileSync on every
// request: while the file is read, the event loop serves nobody else.
//   node samples/sync-io-handler/server.js          serve on http://localhost:3001/products?category=books
//   node samples/sync-io-handler/server.js --once   200 local requests from a bounded client, then exit
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const CATALOG = path.join(__dirname, 'data', 'catalog.json');
const CATEGORIES = ['books', 'games', 'music', 'tools'];
const REQUESTS = 200;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/products') {
    res.writeHead(404).end();
    return;
  }
  const catalog = JSON.parse(fs.readFileSync(CATALOG, 'utf8')); // expect: sync-io
  const category = url.searchParams.get('category');
  const products = catalog.products.filter((p) => p.category === category);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ count: products.length, cents: products.reduce((sum, p) => sum + p.cents, 0) }));
});

/** Sends `remaining` requests one after another (each from the previous response's callback). */
function requestChain(port, remaining, totals, done) {
  if (remaining === 0) {
    done(totals);
    return;
  }
  const category = CATEGORIES[remaining % CATEGORIES.length];
  http.get({ host: '127.0.0.1', port, path: `/products?category=${category}` }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => {
      const page = JSON.parse(body);
      totals.items += page.count;
      totals.cents += page.cents;
      requestChain(port, remaining - 1, totals, done);
    });
  });
}

const started = performance.now();
const once = process.argv.includes('--once');
server.listen(once ? 0 : Number(process.env.PORT ?? 3001), () => {
  const { port } = server.address();
  if (!once) {
    console.log(`listening on http://localhost:${port}/products?category=books`);
    return;
  }
  requestChain(port, REQUESTS, { items: 0, cents: 0 }, (totals) => {
    console.log(`requests=${REQUESTS} items=${totals.items} cents=${totals.cents}`);
    process.stderr.write(`wall ${Math.round(performance.now() - started)} ms\n`);
    server.close();
    server.closeAllConnections();
  });
});
