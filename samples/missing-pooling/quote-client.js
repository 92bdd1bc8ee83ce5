// A price-quote client that builds a new keep-alive HTTP agent for every call: each call opens a
// fresh TCP connection, and every agent keeps its idle socket open, so connections pile up on the server.
//   node samples/missing-pooling/quote-client.js
'use strict';
const http = require('node:http');

const CALLS = 300;

/** Asks the quote service for one symbol's price (callback style). */
function fetchQuote(port, symbol, callback) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 }); // expect: missing-pooling
  http.get({ host: '127.0.0.1', port, path: `/quote/${symbol}`, agent }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => callback(JSON.parse(body)));
  });
}

const quoteService = http.createServer((req, res) => {
  const symbol = req.url.slice('/quote/'.length);
  let cents = 0;
  for (const ch of symbol) cents = (cents * 31 + ch.charCodeAt(0)) % 100_000;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ symbol, cents }));
});

/** Calls one after another, each started from the previous callback, so at most one is in flight. */
function quoteChain(port, i, total, done) {
  if (i === CALLS) {
    done(total);
    return;
  }
  fetchQuote(port, `SYM${i % 50}`, (quote) => quoteChain(port, i + 1, total + quote.cents, done));
}

const started = performance.now();
quoteService.listen(0, '127.0.0.1', () => {
  const { port } = quoteService.address();
  quoteChain(port, 0, 0, (total) => {
    console.log(`quotes=${CALLS} total-cents=${total}`);
    quoteService.getConnections((_err, open) => {
      process.stderr.write(`wall ${Math.round(performance.now() - started)} ms, server connections still open: ${open}\n`);
      quoteService.close();
      quoteService.closeAllConnections();
    });
  });
});
