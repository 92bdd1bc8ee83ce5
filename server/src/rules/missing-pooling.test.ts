import { testRule } from './rule-tester';
import { missingPooling } from './missing-pooling';
import { PG_TYPES, PRISMA_TYPES } from './util/data-layer-stubs';

testRule(missingPooling, {
  invalid: [
    {
      name: 'Express: pg Client per request with connect/end (typed)',
      files: PG_TYPES,
      code: `import express from 'express';
import { Client } from 'pg';

const app = express();

app.get('/users/:id', async (req, res) => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  await client.end();
  res.json(rows[0]);
});
`,
      errors: [{ line: 7, column: 18, message: /`new Client\(\)` opens a new pg Client for every request handled by this handler .*use one `Pool` created once at module scope/ }],
      fixes: [{ kind: 'suggestion', output: `import express from 'express';
import { Client, Pool } from 'pg';

const app = express();

let pool: Pool | undefined;

function getPool() {
  pool ??= new Pool({ connectionString: process.env.DATABASE_URL });
  return pool;
}

app.get('/users/:id', async (req, res) => {
  const client = getPool();
  const { rows } = await client.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});
` }],
    },
    {
      name: 'pg Pool created and ended on every call of an exported function (JS)',
      filename: 'src/users.js',
      code: `const { Pool } = require('pg');

async function listUsers() {
  const pool = new Pool();
  const { rows } = await pool.query('SELECT * FROM users');
  await pool.end();
  return rows;
}

module.exports = { listUsers };
`,
      errors: [{ line: 4, column: 16, message: /creates a new pg Pool \(its own connections\) on every call of `listUsers`/ }],
      fixes: [{ kind: 'suggestion', output: `const { Pool } = require('pg');

let sharedPool;

function getPool() {
  sharedPool ??= new Pool();
  return sharedPool;
}

async function listUsers() {
  const pool = getPool();
  const { rows } = await pool.query('SELECT * FROM users');
  return rows;
}

module.exports = { listUsers };
` }],
    },
    {
      name: 'mysql2: createConnection inside an Express route (JS)',
      filename: 'src/routes/orders.js',
      code: `const express = require('express');
const mysql = require('mysql2/promise');

const router = express.Router();

router.get('/orders', async (req, res) => {
  const conn = await mysql.createConnection({ host: 'db', user: 'app', database: 'shop' });
  const [rows] = await conn.execute('SELECT * FROM orders WHERE user_id = ?', [req.user.id]);
  await conn.end();
  res.json(rows);
});

module.exports = router;
`,
      errors: [{ line: 7, column: 22, message: /opens a new mysql connection .*use one `createPool`/ }],
      fixes: [{ kind: 'suggestion', output: `const express = require('express');
const mysql = require('mysql2/promise');

const router = express.Router();

let pool;

function getPool() {
  pool ??= mysql.createPool({ host: 'db', user: 'app', database: 'shop' });
  return pool;
}

router.get('/orders', async (req, res) => {
  const conn = getPool();
  const [rows] = await conn.execute('SELECT * FROM orders WHERE user_id = ?', [req.user.id]);
  res.json(rows);
});

module.exports = router;
` }],
    },
    {
      name: 'Next.js route handler: new PrismaClient per request',
      files: PRISMA_TYPES,
      code: `import { PrismaClient } from '@prisma/client';

export async function GET(request: Request) {
  const prisma = new PrismaClient();
  const id = Number(new URL(request.url).searchParams.get('id'));
  const user = await prisma.user.findUnique({ where: { id } });
  await prisma.$disconnect();
  return Response.json(user);
}
`,
      errors: [{ line: 4, column: 18, message: /for every request handled by `GET`/ }],
      fixes: [{ kind: 'suggestion', output: `import { PrismaClient } from '@prisma/client';

let sharedPrisma: PrismaClient | undefined;

function getPrisma() {
  sharedPrisma ??= new PrismaClient();
  return sharedPrisma;
}

export async function GET(request: Request) {
  const prisma = getPrisma();
  const id = Number(new URL(request.url).searchParams.get('id'));
  const user = await prisma.user.findUnique({ where: { id } });
  return Response.json(user);
}
` }],
    },
    {
      name: 'AWS Lambda handler: MongoClient per invocation',
      code: `import { MongoClient } from 'mongodb';

export const handler = async (event: { id: string }) => {
  const client = new MongoClient(process.env.MONGO_URL!);
  await client.connect();
  const doc = await client.db('app').collection('items').findOne({ id: event.id });
  await client.close();
  return doc;
};
`,
      errors: [{ line: 4, column: 18, message: /`new MongoClient\(\)` creates a new MongoClient/ }],
      fixes: [{ kind: 'suggestion', output: `import { MongoClient } from 'mongodb';

let mongoClient: MongoClient | undefined;

function getMongoClient() {
  mongoClient ??= new MongoClient(process.env.MONGO_URL!);
  return mongoClient;
}

export const handler = async (event: { id: string }) => {
  const client = getMongoClient();
  const doc = await client.db('app').collection('items').findOne({ id: event.id });
  return doc;
};
` }],
    },
    {
      name: 'Koa middleware: MongoClient.connect per request',
      filename: 'src/app.js',
      code: `const Koa = require('koa');
const { MongoClient } = require('mongodb');

const app = new Koa();

app.use(async (ctx) => {
  const client = await MongoClient.connect(process.env.MONGO_URL);
  ctx.body = await client.db().collection('stats').countDocuments();
  await client.close();
});

app.listen(3000);
`,
      errors: [{ line: 7, column: 24, message: '`MongoClient.connect()`' }],
    },
    {
      name: 'node-redis: createClient per call in a service method',
      code: `import { createClient } from 'redis';

export class RateLimiter {
  async hit(key: string) {
    const redis = createClient({ url: process.env.REDIS_URL });
    await redis.connect();
    const n = await redis.incr(key);
    await redis.quit();
    return n;
  }
}
`,
      errors: [{ line: 5, column: 19, message: /creates a new redis client .* on every call of `hit`/ }],
    },
    {
      name: 'ioredis: new Redis per job in a loop',
      code: `import Redis from 'ioredis';

export async function touch(jobs: { key: string }[]) {
  for (const job of jobs) {
    const redis = new Redis();
    await redis.set(job.key, Date.now().toString());
    redis.disconnect();
  }
}
`,
      errors: [{ line: 5, column: 19, message: /on every iteration over `jobs`/ }],
      fixes: [{ kind: 'suggestion', output: `import Redis from 'ioredis';

let sharedRedis: Redis | undefined;

function getRedis() {
  sharedRedis ??= new Redis();
  return sharedRedis;
}

export async function touch(jobs: { key: string }[]) {
  for (const job of jobs) {
    const redis = getRedis();
    await redis.set(job.key, Date.now().toString());
  }
}
` }],
    },
    {
      name: 'knex instance created per report (require + call)',
      filename: 'src/reports.js',
      code: `async function salesReport(from, to) {
  const db = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
  const rows = await db('sales').whereBetween('at', [from, to]);
  await db.destroy();
  return rows;
}

module.exports = { salesReport };
`,
      errors: [{ line: 2, column: 14, message: /creates a new knex instance/ }],
    },
    {
      name: 'NestJS controller action: new Sequelize per request',
      code: `import { Controller, Get } from '@nestjs/common';
import { Sequelize } from 'sequelize';

@Controller('stats')
export class StatsController {
  @Get()
  async count() {
    const sequelize = new Sequelize(process.env.DATABASE_URL!);
    const [rows] = await sequelize.query('SELECT COUNT(*) FROM users');
    await sequelize.close();
    return rows;
  }
}
`,
      errors: [{ line: 8, column: 23, message: /Sequelize instance .* for every request handled by `count`/ }],
    },
    {
      name: 'TypeORM DataSource initialised per call',
      code: `import { DataSource } from 'typeorm';

export async function countUsers() {
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  await ds.initialize();
  const n = await ds.query('SELECT COUNT(*) FROM users');
  await ds.destroy();
  return n;
}
`,
      errors: [{ line: 4, column: 14, message: 'TypeORM DataSource' }],
    },
    {
      name: 'https.Agent created inside the request options of every call (axios)',
      code: `import https from 'node:https';
import axios from 'axios';

export async function getInvoice(id: string) {
  const res = await axios.get(\`https://billing.internal/invoices/\${id}\`, {
    httpsAgent: new https.Agent({ keepAlive: true, ca: process.env.CA }),
  });
  return res.data;
}
`,
      errors: [{ line: 6, column: 17, message: /creates a new http Agent \(its own socket pool\) on every call of `getInvoice`.*keep-alive http Agent/ }],
      fixes: [{ kind: 'suggestion', output: `import https from 'node:https';
import axios from 'axios';

let keepAliveAgent: InstanceType<typeof https.Agent> | undefined;

function getKeepAliveAgent() {
  keepAliveAgent ??= new https.Agent({ keepAlive: true, ca: process.env.CA });
  return keepAliveAgent;
}

export async function getInvoice(id: string) {
  const res = await axios.get(\`https://billing.internal/invoices/\${id}\`, {
    httpsAgent: getKeepAliveAgent(),
  });
  return res.data;
}
` }],
    },
    {
      name: 'http.request in a loop without an agent (JS)',
      filename: 'src/ping.js',
      code: `const http = require('http');

function pingAll(hosts) {
  for (const host of hosts) {
    const req = http.request({ host, path: '/ping', method: 'POST' });
    req.end();
  }
}

module.exports = { pingAll };
`,
      errors: [{ line: 5, column: 17, message: /`http\.request` opens a new socket on every iteration over `hosts` without a keep-alive agent/ }],
    },
    {
      name: 'a keep-alive http.Agent created per call and passed to http.get (JS, inside a Promise)',
      filename: 'src/health.js',
      code: `const http = require('http');

function fetchStatus(host) {
  return new Promise((resolve, reject) => {
    const agent = new http.Agent({ keepAlive: true });
    http.get({ host, path: '/health', agent }, (res) => resolve(res.statusCode)).on('error', reject);
  });
}

module.exports = { fetchStatus };
`,
      errors: [{ line: 5, column: 19, message: /`new http\.Agent\(\)` creates a new http Agent .* on every call of `fetchStatus`/ }],
    },
    {
      name: 'an https.Agent per call handed to axios as httpsAgent',
      code: `import https from 'node:https';
import axios from 'axios';

export async function getInvoice(id: string) {
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  const res = await axios.get(\`https://billing.internal/invoices/\${id}\`, { httpsAgent });
  return res.data;
}
`,
      errors: [{ line: 5, column: 22, message: /`new https\.Agent\(\)` creates a new http Agent/ }],
    },
    {
      name: 'Koa: an undici Agent per request as the dispatcher (aliased require)',
      filename: 'src/proxy.js',
      code: `const Router = require('@koa/router');
const { request: undiciRequest, Agent: UndiciAgent } = require('undici');

const router = new Router();

router.get('/proxy', async (ctx) => {
  const dispatcher = new UndiciAgent({ connections: 10 });
  const { body } = await undiciRequest('https://api.example.com/data', { dispatcher });
  ctx.body = await body.json();
});

module.exports = router;
`,
      errors: [{ line: 7, column: 22, message: /`new UndiciAgent\(\)` creates a new undici dispatcher .* every request/ }],
    },
    {
      name: 'https.get with agent: false in a loop',
      code: `import * as https from 'https';

export function warm(urls: string[]) {
  urls.forEach((url) => {
    https.get(url, { agent: false }, (res) => res.resume());
  });
}
`,
      errors: [{ line: 5, column: 5, message: '`https.get`' }],
    },
    {
      name: 'a factory returning a new Pool, called from a route handler',
      code: `import express from 'express';
import { Pool } from 'pg';

function makePool() {
  return new Pool({ connectionString: process.env.DATABASE_URL });
}

const app = express();

app.get('/count', async (_req, res) => {
  const pool = makePool();
  const { rows } = await pool.query('SELECT COUNT(*) FROM users');
  res.json(rows[0]);
});
`,
      errors: [{ line: 5, column: 10, message: /on every call of `makePool`, which runs per request \(line 11\)/ }],
    },
    {
      name: 'through an alias: destructured and renamed pg Client in a Fastify route (JS)',
      filename: 'src/server.js',
      code: `const fastify = require('fastify')();
const { Client: PgClient } = require('pg');

fastify.get('/health/db', async () => {
  const db = new PgClient();
  await db.connect();
  await db.query('SELECT 1');
  await db.end();
  return { ok: true };
});
`,
      errors: [{ line: 5, column: 14, message: '`new PgClient()`' }],
      fixes: [{ kind: 'suggestion', output: `const fastify = require('fastify')();
const { Client: PgClient, Pool } = require('pg');

let pool;

function getPool() {
  pool ??= new Pool();
  return pool;
}

fastify.get('/health/db', async () => {
  const db = getPool();
  await db.query('SELECT 1');
  return { ok: true };
});
` }],
    },
    {
      name: 'across files: the Pool class re-exported by a project module',
      files: { 'src/db/index.ts': `export { Pool } from 'pg';\n` },
      code: `import { Pool } from './db';

export async function audit(event: string) {
  const pool = new Pool();
  await pool.query('INSERT INTO audit (event) VALUES ($1)', [event]);
  await pool.end();
}
`,
      errors: [{ line: 4, column: 16, message: 'pg Pool' }],
    },
    {
      name: 'undici Agent per call as fetch dispatcher',
      code: `import { Agent } from 'undici';

export async function getJson(url: string) {
  const res = await fetch(url, { dispatcher: new Agent({ connect: { timeout: 5000 } }) } as RequestInit);
  return res.json();
}
`,
      errors: [{ line: 4, column: 46, message: 'undici dispatcher' }],
    },
    {
      name: 'mongoose.createConnection per request in Express (JS)',
      filename: 'src/tenant.js',
      code: `const express = require('express');
const mongoose = require('mongoose');

const app = express();

app.post('/events', async (req, res) => {
  const conn = mongoose.createConnection(process.env.MONGO_URL);
  await conn.collection('events').insertOne(req.body);
  await conn.close();
  res.sendStatus(201);
});
`,
      errors: [{ line: 7, column: 16, message: /mongoose connection .*connect once at startup/ }],
    },
    {
      name: 'pg Client per call with try/finally end (the common shape)',
      files: PG_TYPES,
      code: `import { Client } from 'pg';

export async function findOrder(id: number) {
  const client = new Client();
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
    return rows[0];
  } finally {
    await client.end();
  }
}
`,
      errors: [{ line: 4, column: 18, message: 'on every call of `findOrder`' }],
      fixes: [{ kind: 'suggestion', output: `import { Client, Pool } from 'pg';

let pool: Pool | undefined;

function getPool() {
  pool ??= new Pool();
  return pool;
}

export async function findOrder(id: number) {
  const client = getPool();
  const { rows } = await client.query('SELECT * FROM orders WHERE id = $1', [id]);
  return rows[0];
}
` }],
    },
  ],
  valid: [
    {
      name: 'module-scope Pool used in handlers',
      code: `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
app.get('/', async (_req, res) => res.json((await pool.query('SELECT 1')).rows));
`,
    },
    {
      name: 'lazy singleton with ??=',
      code: `import { PrismaClient } from '@prisma/client';

let prisma: PrismaClient | undefined;

export function db() {
  prisma ??= new PrismaClient();
  return prisma;
}
`,
    },
    {
      name: 'lazy singleton: if (!client) client = … (JS)',
      filename: 'src/redis.js',
      code: `const Redis = require('ioredis');

let client;

function getRedis() {
  if (!client) client = new Redis(process.env.REDIS_URL);
  return client;
}

module.exports = { getRedis };
`,
    },
    {
      name: 'serverless cached promise (Next.js MongoDB pattern)',
      code: `import { MongoClient } from 'mongodb';

const globalWithMongo = globalThis as { _mongo?: Promise<MongoClient> };

export function clientPromise() {
  if (!globalWithMongo._mongo) globalWithMongo._mongo = new MongoClient(process.env.MONGO_URL!).connect();
  return globalWithMongo._mongo;
}
`,
    },
    {
      name: 'per-tenant pools cached in a Map',
      code: `import { Pool } from 'pg';

const pools = new Map<string, Pool>();

export function poolFor(tenantId: string, url: string) {
  const existing = pools.get(tenantId);
  if (existing) return existing;
  const pool = new Pool({ connectionString: url });
  pools.set(tenantId, pool);
  return pool;
}
`,
    },
    {
      name: 'NestJS provider factory',
      code: `import { Module } from '@nestjs/common';
import Redis from 'ioredis';

@Module({
  providers: [{ provide: 'REDIS', useFactory: () => new Redis(process.env.REDIS_URL!) }],
  exports: ['REDIS'],
})
export class RedisModule {}
`,
    },
    {
      name: 'NestJS @Injectable service: pool in the constructor and a field initializer',
      code: `import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import Redis from 'ioredis';

@Injectable()
export class Db {
  private readonly pool: Pool;
  private readonly cache = new Redis();
  constructor() {
    this.pool = new Pool({ max: 20 });
  }
  query(sql: string) {
    return this.pool.query(sql);
  }
}
`,
    },
    {
      name: 'long-lived LISTEN/NOTIFY client',
      code: `import { Client } from 'pg';

export async function subscribe(onMessage: (payload: string) => void) {
  const listener = new Client();
  await listener.connect();
  listener.on('notification', (msg) => onMessage(msg.payload ?? ''));
  await listener.query('LISTEN jobs');
}
`,
    },
    {
      name: 'redis pub/sub subscriber client (JS)',
      filename: 'src/events.js',
      code: `const { createClient } = require('redis');

async function onInvalidate(handler) {
  const sub = createClient();
  await sub.connect();
  await sub.subscribe('invalidate', handler);
}

module.exports = { onInvalidate };
`,
    },
    {
      name: 'created once in main() at startup',
      code: `import { MongoClient } from 'mongodb';
import express from 'express';

async function main() {
  const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost');
  await client.connect();
  const items = client.db().collection('items');
  const app = express();
  app.get('/items', async (_req, res) => res.json(await items.find().toArray()));
  app.listen(3000);
}

main().catch(console.error);
`,
    },
    {
      name: 'app factory: pool created once and captured by route handlers',
      code: `import express from 'express';
import { Pool } from 'pg';

export function buildRouter(connectionString: string) {
  const pool = new Pool({ connectionString });
  const router = express.Router();
  router.get('/users', async (_req, res) => res.json((await pool.query('SELECT * FROM users')).rows));
  return router;
}
`,
    },
    {
      name: 'Prisma on globalThis at module scope (Next.js dev pattern)',
      code: `import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
`,
    },
    {
      name: 'test file: a client per test is fine',
      filename: 'src/users.test.ts',
      code: `import { Client } from 'pg';

it('reads users', async () => {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
});
`,
    },
    {
      name: 'one-off script under scripts/ (JS)',
      filename: 'scripts/backfill.js',
      code: `const { Client } = require('pg');

async function backfill(ids) {
  const client = new Client();
  await client.connect();
  for (const id of ids) await client.query('UPDATE t SET x = 1 WHERE id = $1', [id]);
  await client.end();
}

backfill(process.argv.slice(2));
`,
    },
    {
      name: 'pool checkout per request (pool.connect + release) is the pooled way',
      code: `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/transfer', async (req, res) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  res.sendStatus(204);
});
`,
    },
    {
      name: 'an agent built once by a factory that returns the request options',
      code: `import https from 'node:https';

export function clientOptions(ca: string) {
  const agent = new https.Agent({ keepAlive: true, ca });
  return { agent, timeout: 5000 };
}

const options = clientOptions(process.env.CA ?? '');

export function ping(host: string) {
  https.get({ host, path: '/ping', ...options }, (res) => res.resume());
}
`,
    },
    {
      name: 'http.get in a loop with a shared keep-alive agent',
      code: `import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });

export function fetchAll(paths: string[]) {
  for (const path of paths) http.get({ host: 'api', path, agent }, (res) => res.resume());
}
`,
    },
    {
      name: 'a Client class from an unrelated library',
      code: `import { Client } from 'discord.js';

export function makeBot(token: string) {
  const bot = new Client({ intents: [] });
  bot.login(token);
  return bot;
}

export async function handle() {
  const c = new Client({ intents: [] });
  return c;
}
`,
    },
    {
      name: 'per-tenant migration at startup: one client per distinct database',
      code: `import { Client } from 'pg';

export async function migrateAll(tenants: { url: string }[]) {
  for (const tenant of tenants) {
    const client = new Client({ connectionString: tenant.url });
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
  }
}
`,
    },
    {
      name: 'factory whose result is cached by its only caller',
      code: `import { Pool } from 'pg';

function makePool(url: string) {
  return new Pool({ connectionString: url });
}

let pool: Pool | undefined;
export function getPool() {
  pool ??= makePool(process.env.DATABASE_URL!);
  return pool;
}
`,
    },
  ],
});
