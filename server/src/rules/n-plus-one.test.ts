import { testRule } from './rule-tester';
import { nPlusOne } from './n-plus-one';
import { IOREDIS_TYPES, PG_TYPES, PRISMA_TYPES } from './util/data-layer-stubs';

testRule(nPlusOne, {
  invalid: [
    {
      name: 'untyped client handed to a repository helper in another file (JS, SQL text is the evidence)',
      filename: 'src/app.js',
      files: {
        'src/db.js': `async function findItems(client, orderId) {
  const { rows } = await client.query('SELECT * FROM items WHERE order_id = $1', [orderId]);
  return rows;
}
module.exports = { findItems };
`,
      },
      code: `const express = require('express');
const { findItems } = require('./db');
const app = express();

app.get('/orders', async (req, res) => {
  const { rows: orders } = await req.db.query('SELECT * FROM orders WHERE customer_id = $1', [req.query.customer]);
  for (const order of orders) {
    order.items = await findItems(req.db, order.id);
  }
  res.json(orders);
});
`,
      errors: [{ line: 8, column: 25, message: /`findItems` runs `client\.query` once per item of `orders` — N\+1 queries/ }],
    },
    {
      name: 'untyped mysql connection parameter queried per id in a loop (JS)',
      filename: 'src/users.js',
      code: `async function usersByIds(conn, ids) {
  const users = [];
  for (const id of ids) {
    const [rows] = await conn.execute('SELECT id, name FROM users WHERE id = ?', [id]);
    users.push(rows[0]);
  }
  return users;
}
module.exports = { usersByIds };
`,
      errors: [{ line: 4, column: 26, message: /`conn\.execute` runs once per item of `ids` — N\+1 queries; use one query with `IN \(\?\)`/ }],
    },
    {
      name: 'HTTP GET by id through a JSON helper that fetches the URL it is given (Next.js route)',
      code: `async function getJson(url: string) {
  const res = await fetch(url);
  return res.json();
}

export async function GET(request: Request) {
  const ids = new URL(request.url).searchParams.getAll('id');
  const widgets = [];
  for (const id of ids) {
    widgets.push(await getJson(\`https://api.example.com/widgets/\${id}\`));
  }
  return Response.json(widgets);
}
`,
      errors: [{ line: 10, column: 24, message: /`getJson` runs `fetch` once per item of `ids` — N\+1 HTTP requests/ }],
    },
    {
      name: 'pg: awaited query per order in for-of (typed)',
      files: PG_TYPES,
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function ordersWithUsers(orders: { id: number; userId: number }[]) {
  const out = [];
  for (const order of orders) {
    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [order.userId]);
    out.push({ ...order, user: rows[0] });
  }
  return out;
}
`,
      errors: [{ line: 8, column: 28, message: /`pool\.query` runs once per item of `orders` — N\+1 queries; use one query with `= ANY\(\$1\)`/ }],
      fixes: [{ kind: 'suggestion', output: `import { Pool } from 'pg';

const pool = new Pool();

export async function ordersWithUsers(orders: { id: number; userId: number }[]) {
  const out = [];
  const { rows: userRows } = await pool.query('SELECT * FROM users WHERE id = ANY($1)', [orders.map((order) => order.userId)]);
  const userById = new Map();
  for (const row of userRows) {
    if (!userById.has(row.id)) userById.set(row.id, []);
    userById.get(row.id).push(row);
  }
  for (const order of orders) {
    const { rows } = { rows: userById.get(order.userId) ?? [] };
    out.push({ ...order, user: rows[0] });
  }
  return out;
}
` }],
    },
    {
      name: 'pg (JS, require + destructuring): callback-style query inside forEach',
      filename: 'src/report.js',
      code: `const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

function printInvoices(customerIds, done) {
  customerIds.forEach((customerId) => {
    pool.query('SELECT * FROM invoices WHERE customer_id = $1', [customerId], (err, res) => {
      if (err) return done(err);
      console.log(res.rows.length);
    });
  });
}

module.exports = { printInvoices };
`,
      errors: [{ line: 6, column: 5, message: 'of `customerIds`' }],
    },
    {
      name: 'mysql2/promise: Promise.all over ids (concurrent, still N queries) in an Express handler',
      filename: 'src/routes.js',
      code: `const express = require('express');
const mysql = require('mysql2/promise');

const db = mysql.createPool({ uri: process.env.DATABASE_URL });
const router = express.Router();

router.get('/users', async (req, res) => {
  const ids = String(req.query.ids).split(',');
  const users = await Promise.all(ids.map((id) => db.query('SELECT * FROM users WHERE id = ?', [id])));
  res.json(users.map(([rows]) => rows[0]));
});

module.exports = router;
`,
      errors: [{ line: 9, column: 51, message: /concurrently, still one round trip each.*`IN \(\?\)`/ }],
    },
    {
      name: 'Prisma: findUnique per order (typed client)',
      files: PRISMA_TYPES,
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function teamsOf(orders: { userId: number }[]) {
  const teams: number[] = [];
  for (const order of orders) {
    const user = await prisma.user.findUnique({ where: { id: order.userId } });
    if (user) teams.push(user.teamId);
  }
  return teams;
}
`,
      errors: [{ line: 8, column: 24, message: /`prisma\.user\.findUnique` runs once per item of `orders`.*findMany\(\{ where: \{ id: \{ in: ids \} \} \}\)/ }],
      fixes: [{ kind: 'suggestion', output: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function teamsOf(orders: { userId: number }[]) {
  const teams: number[] = [];
  const userRows = await prisma.user.findMany({ where: { id: { in: orders.map((order) => order.userId) } } });
  const userById = new Map(userRows.map((row) => [row.id, row] as const));
  for (const order of orders) {
    const user = userById.get(order.userId) ?? null;
    if (user) teams.push(user.teamId);
  }
  return teams;
}
` }],
    },
    {
      name: 'Prisma: findMany per author inside Promise.all in a Next.js route handler',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function GET() {
  const authors = await prisma.user.findMany({ take: 10 });
  const posts = await Promise.all(authors.map(async (author) => prisma.post.findMany({ where: { authorId: author.id } })));
  return Response.json({ authors, posts });
}
`,
      errors: [{ line: 7, column: 65, message: '`prisma.post.findMany`' }],
    },
    {
      name: 'NestJS: PrismaService (extends PrismaClient, another file) injected by constructor',
      files: {
        'src/prisma.service.ts': `import { PrismaClient } from '@prisma/client';
export class PrismaService extends PrismaClient {}
`,
      },
      code: `import { PrismaService } from './prisma.service';

export class OrdersService {
  constructor(private readonly prisma: PrismaService) {}

  async withCustomers(orders: { customerId: number }[]) {
    return Promise.all(orders.map((o) => this.prisma.customer.findFirst({ where: { id: o.customerId } })));
  }
}
`,
      errors: [{ line: 7, column: 42, message: '`this.prisma.customer.findFirst`' }],
    },
    {
      name: 'mongoose: Model from another file, findById per comment',
      filename: 'src/comments.js',
      files: {
        'src/models/user.js': `const mongoose = require('mongoose');
const schema = new mongoose.Schema({ name: String });
module.exports = mongoose.model('User', schema);
`,
      },
      code: `const User = require('./models/user');

async function withAuthors(comments) {
  for (const comment of comments) {
    comment.author = await User.findById(comment.authorId);
  }
  return comments;
}

module.exports = { withAuthors };
`,
      errors: [{ line: 5, column: 28, message: /`User\.findById`.*`find\(\{ _id: \{ \$in: ids \} \}\)` \(mongoose\)/ }],
      fixes: [{ kind: 'suggestion', output: `const User = require('./models/user');

async function withAuthors(comments) {
  const authorRows = await User.find({ _id: { $in: comments.map((comment) => comment.authorId) } });
  const authorById = new Map(authorRows.map((doc) => [String(doc._id), doc]));
  for (const comment of comments) {
    comment.author = authorById.get(String(comment.authorId)) ?? null;
  }
  return comments;
}

module.exports = { withAuthors };
` }],
    },
    {
      name: 'mongodb: collection from client.db().collection(), findOne per id',
      code: `import { MongoClient, ObjectId } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const products = client.db('shop').collection('products');

export async function cartItems(cart: { productId: string; qty: number }[]) {
  const items = [];
  for (const line of cart) {
    const product = await products.findOne({ _id: new ObjectId(line.productId) });
    items.push({ product, qty: line.qty });
  }
  return items;
}
`,
      errors: [{ line: 9, column: 27, message: '`products.findOne`' }],
      fixes: [{ kind: 'suggestion', output: `import { MongoClient, ObjectId } from 'mongodb';

const client = new MongoClient(process.env.MONGO_URL!);
const products = client.db('shop').collection('products');

export async function cartItems(cart: { productId: string; qty: number }[]) {
  const items = [];
  const productRows = await products.find({ _id: { $in: cart.map((line) => new ObjectId(line.productId)) } }).toArray();
  const productById = new Map(productRows.map((doc) => [String(doc._id), doc] as const));
  for (const line of cart) {
    const product = productById.get(String(new ObjectId(line.productId))) ?? null;
    items.push({ product, qty: line.qty });
  }
  return items;
}
` }],
    },
    {
      name: 'Sequelize: model class (extends Model), findByPk per order',
      code: `import { Model } from 'sequelize';

class Customer extends Model {}

export async function customersOf(orders: { customerId: number }[]) {
  const out = [];
  for (const order of orders) out.push(await Customer.findByPk(order.customerId));
  return out;
}
`,
      errors: [{ line: 7, column: 46, message: /`Customer\.findByPk`.*`findAll\(\{ where: \{ id: ids \} \}\)`/ }],
    },
    {
      name: 'TypeORM (NestJS): @InjectRepository repository, findOneBy per id',
      code: `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Photo } from './photo.entity';

@Injectable()
export class AlbumService {
  constructor(@InjectRepository(Photo) private readonly photos: Repository<Photo>) {}

  async load(ids: number[]) {
    const out = [];
    for (const id of ids) {
      out.push(await this.photos.findOneBy({ id }));
    }
    return out;
  }
}
`,
      errors: [{ line: 13, column: 22, message: /`this\.photos\.findOneBy`.*`findBy\(\{ id: In\(ids\) \}\)` \(TypeORM\)/ }],
    },
    {
      name: 'knex: query-builder chain per id (item in a later call of the chain)',
      code: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function owners(pets: { ownerId: number }[]) {
  const result = [];
  for (const pet of pets) {
    result.push(await db('owners').where('id', pet.ownerId).first());
  }
  return result;
}
`,
      errors: [{ line: 8, column: 23, message: /`db\('owners'\)` runs once per item of `pets`.*`whereIn\(key, keys\)` \(knex\)/ }],
      fixes: [{ kind: 'suggestion', output: `import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function owners(pets: { ownerId: number }[]) {
  const result = [];
  const ownerRows = await db('owners').whereIn('id', pets.map((pet) => pet.ownerId));
  const ownerById = new Map(ownerRows.map((row) => [row.id, row] as const));
  for (const pet of pets) {
    result.push(ownerById.get(pet.ownerId));
  }
  return result;
}
` }],
    },
    {
      name: 'ioredis (typed): get per key',
      files: IOREDIS_TYPES,
      code: `import Redis from 'ioredis';

const redis = new Redis();

export async function flags(userIds: string[]) {
  const values: (string | null)[] = [];
  for (const userId of userIds) {
    values.push(await redis.get(\`flags:\${userId}\`));
  }
  return values;
}
`,
      errors: [{ line: 8, column: 23, message: /N\+1 cache round trips; use `mget\(keys\)` \(Redis\)/ }],
      fixes: [{ kind: 'suggestion', output: `import Redis from 'ioredis';

const redis = new Redis();

export async function flags(userIds: string[]) {
  const values: (string | null)[] = [];
  const flagKeys = userIds.map((userId) => \`flags:\${userId}\`);
  const flagValues = flagKeys.length ? await redis.mget(flagKeys) : [];
  const flagByKey = new Map(flagKeys.map((key, i) => [key, flagValues[i]] as const));
  for (const userId of userIds) {
    values.push(flagByKey.get(\`flags:\${userId}\`) ?? null);
  }
  return values;
}
` }],
    },
    {
      name: 'node-redis v4: hGetAll per session in a Koa handler (JS)',
      filename: 'src/app.js',
      code: `const Koa = require('koa');
const { createClient } = require('redis');

const redis = createClient();
const app = new Koa();

app.use(async (ctx) => {
  const ids = ctx.query.ids.split(',');
  ctx.body = await Promise.all(ids.map((id) => redis.hGetAll('session:' + id)));
});
`,
      errors: [{ line: 9, column: 48, message: '`redis.hGetAll`' }],
    },
    {
      name: 'axios: GET per id to the same API',
      code: `import axios from 'axios';

export async function profiles(ids: string[]) {
  const responses = await Promise.all(ids.map((id) => axios.get(\`/api/profiles/\${id}\`)));
  return responses.map((r) => r.data);
}
`,
      errors: [{ line: 4, column: 55, message: /`axios\.get` runs once per item of `ids`.*N\+1 HTTP requests; use one request to a batch endpoint/ }],
    },
    {
      name: 'fetch: GET per SKU with a fixed base URL',
      code: `const API = 'https://catalog.internal';

export async function prices(skus: string[]) {
  const out: Record<string, number> = {};
  for (const sku of skus) {
    const res = await fetch(\`\${API}/prices/\${sku}\`);
    out[sku] = (await res.json()).price;
  }
  return out;
}
`,
      errors: [{ line: 6, column: 23, message: '`fetch`' }],
    },
    {
      name: 'got (JS): got(url).json() per user',
      filename: 'src/sync.js',
      code: `const got = require('got');

async function fetchUsers(userIds) {
  const users = [];
  for (const id of userIds) {
    users.push(await got('https://api.example.com/users/' + id).json());
  }
  return users;
}

module.exports = { fetchUsers };
`,
      errors: [{ line: 6, column: 22, message: '`got`' }],
    },
    {
      name: 'through a helper in the same file: points at the helper call',
      code: `import { Pool } from 'pg';

const pool = new Pool();

async function getUser(id: number) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0];
}

export async function assignees(tasks: { assigneeId: number }[]) {
  return Promise.all(tasks.map((task) => getUser(task.assigneeId)));
}
`,
      errors: [{ line: 11, column: 42, message: /`getUser` runs `pool\.query` once per item of `tasks`/ }],
    },
    {
      name: 'through a helper in another file (repository module)',
      files: {
        'src/db.ts': `import { Pool } from 'pg';
export const pool = new Pool();
`,
        'src/users-repo.ts': `import { pool } from './db';
export async function findUser(id: string) {
  const result = await pool.query('SELECT id, name FROM users WHERE id = $1', [id]);
  return result.rows[0];
}
`,
      },
      code: `import { findUser } from './users-repo';

export async function names(ids: string[]) {
  const names: string[] = [];
  for (const id of ids) {
    const user = await findUser(id);
    names.push(user.name);
  }
  return names;
}
`,
      errors: [{ line: 6, column: 24, message: /`findUser` runs `pool\.query`/ }],
    },
    {
      name: 'promise chain: reduce + then, one query per id',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export function sequentially(ids: number[]) {
  return ids.reduce((p, id) => p.then(() => pool.query('SELECT * FROM jobs WHERE id = $1', [id])), Promise.resolve() as Promise<unknown>);
}
`,
      errors: [{ line: 6, column: 45 }],
    },
    {
      name: 'through a const alias of the pool, indexed for loop, SQL text in a const',
      code: `import pg from 'pg';

const pool = new pg.Pool();
const db = pool;
const BY_ID = 'SELECT * FROM accounts WHERE id = $1';

export async function balances(accountIds: number[]) {
  let total = 0;
  for (let i = 0; i < accountIds.length; i++) {
    const res = await db.query(BY_ID, [accountIds[i]]);
    total += res.rows[0].balance;
  }
  return total;
}
`,
      errors: [{ line: 10, column: 23, message: '`db.query`' }],
    },
    {
      name: 'insert per row where a multi-row insert exists',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function importRows(rows: { sku: string; qty: number }[]) {
  for (const row of rows) {
    await pool.query('INSERT INTO stock (sku, qty) VALUES ($1, $2)', [row.sku, row.qty]);
  }
}
`,
      errors: [{ line: 7, column: 11, message: /multi-row `INSERT … SELECT \* FROM unnest/ }],
    },
    {
      name: 'typed only: the pool comes from a function whose return type is pg Pool',
      files: {
        ...PG_TYPES,
        'src/pool.ts': `import { Pool } from 'pg';
declare const globalPool: Pool;
export function getPool(): Pool {
  return globalPool;
}
`,
      },
      code: `import { getPool } from './pool';

export async function load(ids: number[]) {
  return Promise.all(ids.map((id) => getPool().query('SELECT * FROM t WHERE id = $1', [id])));
}
`,
      errors: [{ line: 4, column: 38, message: '`getPool().query`' }],
    },
  ],
  valid: [
    {
      name: 'JSON helper given each feed its own full URL: a different endpoint per item, nothing to batch',
      code: `async function getJson(url: string) {
  const res = await fetch(url);
  return res.json();
}

export async function GET() {
  const feeds = [{ url: 'https://a.example.com/feed.json' }, { url: 'https://b.example.com/feed.json' }];
  const out = [];
  for (const feed of feeds) out.push(await getJson(feed.url));
  return Response.json(out);
}
`,
    },
    {
      name: 'untyped search index whose query text only reads like SQL (no statement shape, no key)',
      filename: 'src/help.js',
      code: `async function answers(index, questions) {
  const out = [];
  for (const q of questions) {
    out.push(await index.query('select a plan from the list on the pricing page', { boost: q.topic }));
  }
  return out;
}
module.exports = { answers };
`,
    },
    {
      name: 'untyped client updating one row per item (UPDATE has no simple batch form, JS)',
      filename: 'src/touch.js',
      code: `async function touchAll(client, sessions) {
  for (const s of sessions) {
    await client.query('UPDATE sessions SET seen_at = now() WHERE id = $1', [s.id]);
  }
}
module.exports = { touchAll };
`,
    },
    {
      name: 'DataLoader: .load per item is the batching tool',
      code: `import DataLoader from 'dataloader';
import { Pool } from 'pg';

const pool = new Pool();
const loader = new DataLoader(async (ids: readonly number[]) => (await pool.query('SELECT * FROM users WHERE id = ANY($1)', [ids])).rows);

export async function authors(posts: { authorId: number }[]) {
  return Promise.all(posts.map((p) => loader.load(p.authorId)));
}
`,
    },
    {
      name: 'chunked IN: each iteration is one set-based query',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function purge(idChunks: number[][]) {
  for (const ids of idChunks) await pool.query('DELETE FROM sessions WHERE user_id = ANY($1)', [ids]);
}
`,
    },
    {
      name: 'Prisma: findMany with { in } inside a loop over batches',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function load(batches: number[][]) {
  const all = [];
  for (const batch of batches) all.push(...(await prisma.user.findMany({ where: { id: { in: batch } } })));
  return all;
}
`,
    },
    {
      name: 'batched already: one findMany with in, then a Map lookup per item',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function withUsers(orders: { userId: number }[]) {
  const users = await prisma.user.findMany({ where: { id: { in: orders.map((o) => o.userId) } } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return orders.map((o) => ({ ...o, user: byId.get(o.userId) }));
}
`,
    },
    {
      name: 'cursor pagination in a while loop (each page needs the previous one)',
      filename: 'src/export.js',
      code: `const { PrismaClient } = require('@prisma/client');
const prisma = new PrismaClient();

async function exportAll(write) {
  let cursor;
  while (true) {
    const page = await prisma.event.findMany({ take: 500, skip: cursor ? 1 : 0, cursor: cursor ? { id: cursor } : undefined });
    if (page.length === 0) break;
    write(page);
    cursor = page[page.length - 1].id;
  }
}

module.exports = { exportAll };
`,
    },
    {
      name: 'walking a path: each lookup uses the id found by the previous one',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function resolvePath(segments: string[]) {
  let parentId: number | null = null;
  for (const name of segments) {
    const { rows } = await pool.query('SELECT id FROM folders WHERE parent_id IS NOT DISTINCT FROM $1 AND name = $2', [parentId, name]);
    parentId = rows[0].id;
  }
  return parentId;
}
`,
    },
    {
      name: 'first free slug: stops at the first miss (small candidate search)',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function freeSlug(candidates: string[]) {
  for (const slug of candidates) {
    const taken = await prisma.post.findUnique({ where: { slug } });
    if (!taken) return slug;
  }
  return null;
}
`,
    },
    {
      name: 'per-row UPDATE with per-row values: no simple batch form (serial-await territory)',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function reprice(items: { id: number; price: number }[]) {
  for (const item of items) {
    await pool.query('UPDATE products SET price = $1 WHERE id = $2', [item.price, item.id]);
  }
}
`,
    },
    {
      name: 'Prisma update per item: not an N+1 lookup',
      code: `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function rename(users: { id: number; name: string }[]) {
  await Promise.all(users.map((u) => prisma.user.update({ where: { id: u.id }, data: { name: u.name } })));
}
`,
    },
    {
      name: 'webhooks: POST per subscriber (no batch form)',
      code: `import axios from 'axios';

export async function notify(subscribers: { url: string }[], event: unknown) {
  for (const s of subscribers) {
    await axios.post(s.url, event);
  }
}
`,
    },
    {
      name: 'crawler: fetch(url) where the URL is the item itself',
      filename: 'src/crawl.js',
      code: `async function crawl(urls) {
  const pages = [];
  for (const url of urls) {
    const res = await fetch(url);
    pages.push(await res.text());
  }
  return pages;
}

module.exports = { crawl };
`,
    },
    {
      name: 'ioredis pipeline: commands queued, one round trip',
      files: IOREDIS_TYPES,
      code: `import Redis from 'ioredis';

const redis = new Redis();

export async function load(keys: string[]) {
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.get(key);
  return pipeline.exec();
}
`,
    },
    {
      name: 'Map.get / Array.find in a loop: not data-layer calls',
      code: `export function join(orders: { userId: number }[], users: { id: number }[]) {
  const cache = new Map<number, { id: number }>();
  for (const u of users) cache.set(u.id, u);
  return orders.map((o) => cache.get(o.userId) ?? users.find((u) => u.id === o.userId));
}
`,
    },
    {
      name: 'an in-memory repository with findById (typed project class)',
      code: `class UserStore {
  private byId = new Map<number, { id: number }>();
  async findById(id: number) {
    return this.byId.get(id);
  }
}

const store = new UserStore();

export async function load(ids: number[]) {
  return Promise.all(ids.map((id) => store.findById(id)));
}
`,
    },
    {
      name: 'retry loop: the same request, not per item',
      code: `export async function fetchWithRetry(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((r) => setTimeout(r, 2 ** attempt * 100));
    }
  }
  throw new Error('unreachable');
}
`,
    },
    {
      name: 'a small fixed list of regions',
      code: `import { Pool } from 'pg';

const pool = new Pool();
const REGIONS = ['eu', 'us', 'apac'] as const;

export async function totals() {
  return Promise.all(REGIONS.map((region) => pool.query('SELECT SUM(amount) FROM sales WHERE region = $1', [region])));
}
`,
    },
    {
      name: 'for await over a cursor stream',
      code: `import { MongoClient } from 'mongodb';

const client = new MongoClient('mongodb://localhost');
const users = client.db().collection('users');
const audit = client.db().collection('audit');

export async function backfill() {
  for await (const user of users.find({})) {
    await audit.findOne({ userId: user._id });
  }
}
`,
    },
    {
      name: 'a query in a loop that does not depend on the item',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function warm(workers: string[]) {
  for (const w of workers) {
    console.log(w);
    await pool.query('SELECT 1');
  }
}
`,
    },
    {
      name: 'Express route: one query per request, no loop (JS)',
      filename: 'src/server.js',
      code: `const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const app = express();

app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

app.listen(3000);
`,
    },
    {
      name: 'two different lookups in Promise.all of a literal array',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function page(userId: number) {
  const [user, orders] = await Promise.all([
    pool.query('SELECT * FROM users WHERE id = $1', [userId]),
    pool.query('SELECT * FROM orders WHERE user_id = $1', [userId]),
  ]);
  return { user: user.rows[0], orders: orders.rows };
}
`,
    },
    {
      name: 'unknown SQL built at runtime: stay quiet',
      code: `import { Pool } from 'pg';

const pool = new Pool();

export async function run(statements: { sql: string; args: unknown[] }[]) {
  for (const s of statements) await pool.query(s.sql, s.args);
}
`,
    },
  ],
});
