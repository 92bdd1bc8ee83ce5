// An Express 5 API over an embedded Postgres (PGlite) whose /orders route looks up each order's
// user with its own query: one query for the orders, then one more per order (N+1).
//   node samples/n-plus-one-express/server.js          serve on http://localhost:3000/orders
//   node samples/n-plus-one-express/server.js --once   one local request, print the result, exit
'use strict';
const express = require('express');
const { PGlite } = require('@electric-sql/pglite');

const started = performance.now();
const db = new PGlite();
const ready = db.exec(`
  CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), total numeric(10, 2) NOT NULL);
  INSERT INTO users SELECT g, 'user-' || g FROM generate_series(1, 500) AS g;
  INSERT INTO orders SELECT g, (g * 7919) % 500 + 1, (g * 37) % 1000 / 10.0 FROM generate_series(1, 2000) AS g;
`);

const app = express();

app.get('/orders', async (req, res) => {
  await ready;
  const limit = Math.min(Number(req.query.limit ?? 100), 1000);
  const { rows: orders } = await db.query('SELECT id, user_id, total FROM orders ORDER BY id LIMIT $1', [limit]);
  const result = [];
  for (const order of orders) {
    const { rows } = await db.query('SELECT name FROM users WHERE id = $1', [order.user_id]); // expect: n-plus-one
    result.push({ id: order.id, total: Number(order.total), user: rows[0].name });
  }
  res.json(result);
});

const once = process.argv.includes('--once');
const server = app.listen(once ? 0 : Number(process.env.PORT ?? 3000), async () => {
  const url = `http://127.0.0.1:${server.address().port}/orders?limit=1000`;
  if (!once) {
    console.log(`listening on ${url}`);
    return;
  }
  const response = await fetch(url);
  const orders = await response.json();
  const checksum = orders.reduce((sum, o) => sum + o.total * o.id, 0).toFixed(2);
  const users = new Set(orders.map((o) => o.user)).size;
  console.log(`orders=${orders.length} users=${users} last=${orders.at(-1).user} checksum=${checksum}`);
  process.stderr.write(`wall ${Math.round(performance.now() - started)} ms\n`);
  server.close();
  await db.close();
});
