// A price gateway: for every request it asks an upstream quote service, through a new keep-alive HTTP
// agent created inside the handler. An agent is a connection pool; one per request means a new TCP
// connection each time, and every agent keeps its idle socket open, so connections pile up upstream.
//   node samples/missing-pooling/quote-client.js
'use strict';
const http = require('node:http');

const CALLS = 300;

/** The upstream service: a deterministic price per symbol. */
const quoteService = http.createServer((req, res) => {
  const symbol = req.url.slice('/quote/'.length);
  let cents = 0;
  for (const ch of symbol) cents = (cents * 31 + ch.charCodeAt(0)) % 100_000;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ symbol, cents }));
});

/** The gateway: forwards /price/:symbol to the quote service. */
const gateway = http.createServer((req, res) => {
  const symbol = req.url.slice('/price/'.length);
  const upstream = {
    host: '127.0.0.1',
    port: quoteService.address().port,
    path: `/quote/${symbol}`,
    agent: new http.Agent({ keepAlive: true }), // expect: missing-pooling
  };
  http.get(upstream, (quote) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    quote.pipe(res);
  });
});

/** Client: calls one after another, each started from the previous response, so one is in flight. */
function priceChain(i, total, done) {
  if (i === CALLS) {
    done(total);
    return;
  }
  http.get({ host: '127.0.0.1', port: gateway.address().port, path: `/price/SYM${i % 50}` }, (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => (body += chunk));
    res.on('end', () => priceChain(i + 1, total + JSON.parse(body).cents, done));
  });
}

const started = performance.now();
quoteService.listen(0, '127.0.0.1', () => {
  gateway.listen(0, '127.0.0.1', () => {
    priceChain(0, 0, (total) => {
      console.log(`quotes=${CALLS} total-cents=${total}`);
      quoteService.getConnections((_err, open) => {
        process.stderr.write(`wall ${Math.round(performance.now() - started)} ms, upstream connections still open: ${open}\n`);
        for (const server of [gateway, quoteService]) {
          server.close();
          server.closeAllConnections();
        }
      });
    });
  });
});
