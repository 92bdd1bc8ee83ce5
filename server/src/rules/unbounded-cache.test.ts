import { testRule } from './rule-tester';
import { unboundedCache } from './unbounded-cache';

testRule(unboundedCache, {
  valid: [
  {
    name: 'warn-once keyed by the joined parts it logs (JS, three.js-style utils)',
    filename: 'src/utils.js',
    code: `const _cache = {};

function warn(...params) {
  console.warn('THREE.' + params.shift(), ...params);
}

export function warnOnce(...params) {
  const message = params.join(' ');
  if (message in _cache) return;
  _cache[message] = true;
  warn(...params);
}
`,
  },
  {
    name: 'warn-once set keyed by the warning text itself (JS, sequelize-style data types)',
    filename: 'src/data-types.js',
    code: `const { logger } = require('./logger');
const warnings = {};

class AbstractType {
  static warn(link, text) {
    if (!warnings[text]) {
      warnings[text] = true;
      logger.warn(\`\${text}\\n>> Check: \${link}\`);
    }
  }
}

module.exports = { AbstractType };
`,
  },
  {
    name: 'per-dialect store: every caller requires the factory with a literal dialect (two files)',
    filename: 'src/dialects/parser-store.js',
    files: {
      'src/dialects/postgres/query.js': `const parserStore = require('../parser-store')('postgres');
async function run(client, sql) {
  const result = await client.query(sql);
  return result.rows.map((row) => parserStore.get(row.type) ?? row);
}
module.exports = { run };
`,
      'src/dialects/mysql/query.js': `const parserStore = require('../parser-store')('mysql');
module.exports = { parse: (type) => parserStore.get(type) };
`,
    },
    code: `const stores = new Map();
module.exports = (dialect) => {
  if (!stores.has(dialect)) stores.set(dialect, new Map());
  return {
    refresh(type, parse) { stores.get(dialect).set(type, parse); },
    get(type) { return stores.get(dialect).get(type); },
  };
};
`,
  },
  {
    name: 'modification times of the config modules the loader imported',
    code: `import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const importedConfigMtimes = new Map<string, number>();

export async function loadConfigFile(filePath: string) {
  const mtime = (await stat(filePath)).mtimeMs;
  const url = pathToFileURL(filePath);
  url.searchParams.set('mtime', String(mtime));
  const mod = await import(url.href);
  importedConfigMtimes.set(filePath, mtime);
  return mod.default;
}
`,
  },
  {
    name: 'counters keyed by names every caller passes as literals (Express)',
    code: `import express from 'express';

const counts: Record<string, number> = {};
function bump(metric: string) {
  counts[metric] = (counts[metric] ?? 0) + 1;
}

const app = express();
app.get('/health', (_req, res) => {
  bump('health');
  res.send('ok');
});
app.post('/orders', (_req, res) => {
  bump('orders.created');
  res.sendStatus(201);
});
`,
  },
  {
    name: 'one client per region from a module-level config object (Koa, JS)',
    filename: 'src/regions.js',
    code: `const Koa = require('koa');
const { S3Client } = require('@aws-sdk/client-s3');

const REGIONS = { primary: 'eu-west-1', backup: 'us-east-1' };
const clients = {};
const app = new Koa();
app.use(async (ctx) => {
  const region = ctx.query.backup ? REGIONS.backup : REGIONS.primary;
  clients[region] ||= new S3Client({ region });
  ctx.body = { region };
});
`,
  },
  {
    name: 'TTL sweep deletes expired entries',
    code: `const cache = new Map<string, { value: string; expires: number }>();
setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of cache) if (entry.expires < now) cache.delete(key);
}, 60_000);
export async function cached(url: string) {
  const hit = cache.get(url);
  if (hit && hit.expires > Date.now()) return hit.value;
  const value = await (await fetch(url)).text();
  cache.set(url, { value, expires: Date.now() + 30_000 });
  return value;
}
`,
  },
  {
    name: 'size check evicts the oldest entry',
    code: `const thumbnails = new Map<string, Buffer>();
export function remember(key: string, img: Buffer) {
  if (thumbnails.has(key)) return thumbnails.get(key);
  if (thumbnails.size >= 500) thumbnails.delete(thumbnails.keys().next().value!);
  thumbnails.set(key, img);
  return img;
}
`,
  },
  {
    name: 'cleared on a schedule (JS)',
    filename: 'src/rates.js',
    code: `const rates = {};
setInterval(() => { for (const k of Object.keys(rates)) delete rates[k]; }, 3600 * 1000);
async function rate(pair) {
  if (!(pair in rates)) rates[pair] = await (await fetch('https://fx.example.com/' + pair)).json();
  return rates[pair];
}
module.exports = { rate };
`,
  },
  {
    name: 'WeakMap memo',
    code: `const parsed = new WeakMap<object, string>();
export function fingerprint(req: object) {
  if (!parsed.has(req)) parsed.set(req, JSON.stringify(req));
  return parsed.get(req);
}
`,
  },
  {
    name: 'request-local map inside an Express handler',
    code: `import express from 'express';
const app = express();
app.post('/import', (req, res) => {
  const byEmail = new Map<string, unknown>();
  for (const row of req.body.rows) byEmail.set(row.email, row);
  res.json({ unique: byEmail.size });
});
`,
  },
  {
    name: 'function-local memo',
    code: `export function fib(n: number): number {
  const memo = new Map<number, number>();
  const go = (k: number): number => {
    if (k < 2) return k;
    if (memo.has(k)) return memo.get(k)!;
    const v = go(k - 1) + go(k - 2);
    memo.set(k, v);
    return v;
  };
  return go(n);
}
`,
  },
  {
    name: 'fixed key set (literal union)',
    code: `type Outcome = 'hit' | 'miss' | 'error';
const counters = new Map<Outcome, number>();
export function count(outcome: Outcome) {
  counters.set(outcome, (counters.get(outcome) ?? 0) + 1);
}
`,
  },
  {
    name: 'enum keys',
    code: `enum Region { Eu = 'eu', Us = 'us' }
const endpoints: Record<string, string> = {};
export async function endpoint(region: Region) {
  if (!endpoints[region]) endpoints[region] = await (await fetch('https://discovery.example.com/' + region)).text();
  return endpoints[region];
}
`,
  },
  {
    name: 'constant keys on an object',
    filename: 'src/stats.js',
    code: `const stats = {};
function record(ok) {
  stats['total'] = (stats['total'] || 0) + 1;
  if (!ok) stats['failed'] = (stats['failed'] || 0) + 1;
}
module.exports = { record, stats };
`,
  },
  {
    name: 'registry filled at startup',
    code: `type Handler = (payload: unknown) => Promise<void>;
const handlers = new Map<string, Handler>();
export function on(event: string, handler: Handler) {
  handlers.set(event, handler);
}
on('user.created', async () => {});
on('user.deleted', async () => {});
export async function dispatch(event: string, payload: unknown) {
  await handlers.get(event)?.(payload);
}
`,
  },
  {
    name: 'map filled at module top level',
    code: `const routes = [{ path: '/a', file: 'a.html' }, { path: '/b', file: 'b.html' }];
const byPath = new Map<string, string>();
for (const r of routes) byPath.set(r.path, r.file);
export const fileFor = (path: string) => byPath.get(path);
`,
  },
  {
    name: 'lru-cache instance',
    code: `import { LRUCache } from 'lru-cache';
const sessions = new LRUCache<string, object>({ max: 10_000, ttl: 3_600_000 });
export function save(id: string, data: object) {
  sessions.set(id, data);
}
`,
  },
  {
    name: 'quick-lru instance',
    filename: 'src/q.js',
    code: `import QuickLRU from 'quick-lru';
const lru = new QuickLRU({ maxSize: 1000 });
export async function load(key) {
  if (!lru.has(key)) lru.set(key, await (await fetch('https://x.example.com/' + key)).json());
  return lru.get(key);
}
`,
  },
  {
    name: 'array used as a queue drained by a worker',
    code: `import express from 'express';
const jobs: { id: string }[] = [];
const app = express();
app.post('/jobs', (req, res) => {
  jobs.push({ id: req.body.id });
  res.sendStatus(202);
});
setInterval(async () => {
  const job = jobs.shift();
  if (job) await fetch('https://worker.example.com/run/' + job.id, { method: 'POST' });
}, 100);
`,
  },
  {
    name: 'cache reassigned periodically',
    code: `let flags = new Map<string, boolean>();
setInterval(() => { flags = new Map(); }, 300_000);
export async function flag(name: string) {
  if (!flags.has(name)) flags.set(name, (await (await fetch('https://flags.example.com/' + name)).text()) === 'on');
  return flags.get(name)!;
}
`,
  },
  {
    name: 'per-request instance field',
    code: `import express from 'express';
class RequestContext {
  private seen = new Set<string>();
  mark(id: string) {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }
}
const app = express();
app.post('/batch', (req, res) => {
  const ctx = new RequestContext();
  res.json(req.body.ids.filter((id: string) => ctx.mark(id)));
});
`,
  },
  {
    name: 'passed to code we cannot see',
    code: `import { attachCache } from './cache-janitor';
const cache = new Map<string, string>();
attachCache(cache);
export async function get(url: string) {
  if (!cache.has(url)) cache.set(url, await (await fetch(url)).text());
  return cache.get(url);
}
`,
  },
  {
    name: 'test file',
    filename: 'src/users.test.ts',
    code: `const calls = new Map<string, number>();
export async function fakeFetch(url: string) {
  calls.set(url, (calls.get(url) ?? 0) + 1);
  return url;
}
`,
  },
  ],
  invalid: [
    {
      name: "memoize() closure created at module load",
      code: `function memoize<A, R>(fn: (a: A) => R) {
  const cache = new Map<A, R>();
  return (a: A) => {
    if (!cache.has(a)) cache.set(a, fn(a));
    return cache.get(a)!;
  };
}

export const slugFor = memoize((title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
`,
      errors: [{ line: 2, column: 9, message: "`cache` (a module-load closure Map) only grows: `cache.set` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
    {
      name: "warn-once keyed by the user id, not the message (Express)",
      filename: "src/deprecations.js",
      code: `const express = require('express');
const warned = new Set();
const app = express();
app.get('/v1/profile', (req, res) => {
  if (!warned.has(req.user.id)) {
    warned.add(req.user.id);
    console.warn(\`user \${req.user.id} still calls /v1/profile\`);
  }
  res.json(req.user);
});
`,
      errors: [{ line: 2, column: 7, message: "`warned` (a module-level Set) only grows: `warned.add` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
    {
      name: "helper keyed by its parameter: one caller passes a literal, another the route param",
      code: `import express from 'express';

const hits: Record<string, number> = {};
function bump(key: string) {
  hits[key] = (hits[key] ?? 0) + 1;
}

const app = express();
app.get('/health', (_req, res) => {
  bump('health');
  res.send('ok');
});
app.get('/articles/:slug', (req, res) => {
  bump(req.params.slug);
  res.send(req.params.slug);
});
`,
      errors: [{ line: 3, column: 7, message: "`hits` (a module-level object map) only grows: `hits[…] =` in `bump` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
    {
      name: "module-level Map memo of fetched users: bounded Map fix",
      code: `type User = { id: string; name: string };
const users = new Map<string, User>();

export async function getUser(id: string): Promise<User> {
  const cached = users.get(id);
  if (cached) return cached;
  const res = await fetch('https://api.example.com/users/' + id);
  const user = (await res.json()) as User;
  users.set(id, user);
  return user;
}
`,
      errors: [{ line: 2, column: 7, message: "`users` (a module-level Map) only grows: `users.set` in `getUser` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `users` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `type User = { id: string; name: string };

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

const users = new BoundedMap<string, User>(1000);

export async function getUser(id: string): Promise<User> {
  const cached = users.get(id);
  if (cached) return cached;
  const res = await fetch('https://api.example.com/users/' + id);
  const user = (await res.json()) as User;
  users.set(id, user);
  return user;
}
`,
        },
      ],
    },
    {
      name: "project depends on lru-cache: LRU fix",
      code: `import { loadPrice } from './prices';

const prices = new Map<string, number>();

export async function price(sku: string) {
  if (prices.has(sku)) return prices.get(sku)!;
  const value = await loadPrice(sku);
  prices.set(sku, value);
  return value;
}
`,
      files: {
        "package.json": `{ "name": "app", "dependencies": { "lru-cache": "^10.2.0" } }`,
        "node_modules/lru-cache/index.d.ts": `export declare class LRUCache<K extends {}, V extends {}> {
  constructor(options: { max: number });
  get(key: K): V | undefined;
  set(key: K, value: V): this;
  has(key: K): boolean;
}
`,
      },
      errors: [{ line: 3, column: 7, message: "`prices` (a module-level Map) only grows: `prices.set` in `price` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Make `prices` an LRU (lru-cache, max 1000)",
          kind: 'suggestion',
          output: `import { loadPrice } from './prices';
import { LRUCache } from 'lru-cache';

const prices = new LRUCache<string, number>({ max: 1000 });

export async function price(sku: string) {
  if (prices.has(sku)) return prices.get(sku)!;
  const value = await loadPrice(sku);
  prices.set(sku, value);
  return value;
}
`,
        },
      ],
    },
    {
      name: "lru-cache only installed as a transitive dependency: the self-contained bounded Map fix",
      code: `import { loadPrice } from './prices';

const prices = new Map<string, number>();

export async function price(sku: string) {
  if (prices.has(sku)) return prices.get(sku)!;
  const value = await loadPrice(sku);
  prices.set(sku, value);
  return value;
}
`,
      files: {
        "package.json": `{ "name": "app", "dependencies": { "express": "^4.19.0" }, "devDependencies": { "typescript": "^5.4.0" } }`,
        "node_modules/lru-cache/package.json": `{ "name": "lru-cache", "version": "10.2.0", "types": "index.d.ts" }`,
        "node_modules/lru-cache/index.d.ts": `export declare class LRUCache<K extends {}, V extends {}> {
  constructor(options: { max: number });
  get(key: K): V | undefined;
  set(key: K, value: V): this;
  has(key: K): boolean;
}
`,
      },
      errors: [{ line: 3, column: 7, message: "`prices` (a module-level Map) only grows" }],
      fixes: [
        {
          title: "Bound `prices` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `import { loadPrice } from './prices';

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

const prices = new BoundedMap<string, number>(1000);

export async function price(sku: string) {
  if (prices.has(sku)) return prices.get(sku)!;
  const value = await loadPrice(sku);
  prices.set(sku, value);
  return value;
}
`,
        },
      ],
    },
    {
      name: "Express sessions map filled on login, never removed",
      code: `import express from 'express';
import { randomUUID } from 'crypto';

const sessions = new Map<string, { userId: string }>();
const app = express();
app.post('/login', (req, res) => {
  const token = randomUUID();
  sessions.set(token, { userId: req.body.userId });
  res.json({ token });
});
`,
      errors: [{ line: 4, column: 7, message: "`sessions` (a module-level Map) only grows: `sessions.set` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `sessions` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `import express from 'express';
import { randomUUID } from 'crypto';

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

const sessions = new BoundedMap<string, { userId: string }>(1000);
const app = express();
app.post('/login', (req, res) => {
  const token = randomUUID();
  sessions.set(token, { userId: req.body.userId });
  res.json({ token });
});
`,
        },
      ],
    },
    {
      name: "object used as a memo (JS)",
      filename: "src/geo.js",
      code: `const axios = require('axios');
const cache = {};

async function geocode(address) {
  if (cache[address]) return cache[address];
  const { data } = await axios.get('https://geo.example.com', { params: { q: address } });
  cache[address] = data;
  return data;
}
module.exports = { geocode };
`,
      errors: [{ line: 2, column: 7, message: "`cache` (a module-level object map) only grows: `cache[…] =` in `geocode` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
    {
      name: "dedupe Set in a queue consumer",
      code: `import { Worker } from 'bullmq';

const processed = new Set<string>();

new Worker('payments', async (job) => {
  if (processed.has(job.data.paymentId)) return;
  processed.add(job.data.paymentId);
  await fetch('https://ledger.example.com/book', { method: 'POST', body: JSON.stringify(job.data) });
});
`,
      errors: [{ line: 3, column: 7, message: "`processed` (a module-level Set) only grows: `processed.add` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `processed` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `import { Worker } from 'bullmq';

/** A Set that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedSet<T = any> extends Set<T> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override add(value: T): this {
    if (!this.has(value) && this.size >= this.maxEntries) this.delete(this.values().next().value as T);
    return super.add(value);
  }
}

const processed = new BoundedSet<string>(1000);

new Worker('payments', async (job) => {
  if (processed.has(job.data.paymentId)) return;
  processed.add(job.data.paymentId);
  await fetch('https://ledger.example.com/book', { method: 'POST', body: JSON.stringify(job.data) });
});
`,
        },
      ],
    },
    {
      name: "request log array pushed by middleware: trim fix",
      filename: "src/app.js",
      code: `const express = require('express');

const requestLog = [];
const app = express();
app.use((req, res, next) => {
  requestLog.push({ path: req.path, at: Date.now() });
  next();
});
app.get('/debug/requests', (req, res) => res.json(requestLog.slice(-50)));
module.exports = app;
`,
      errors: [{ line: 3, column: 7, message: "`requestLog` (a module-level array) only grows: `requestLog.push` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Keep only the last 1000 entries of `requestLog`",
          kind: 'suggestion',
          output: `const express = require('express');

const requestLog = [];
const app = express();
app.use((req, res, next) => {
  requestLog.push({ path: req.path, at: Date.now() });
  if (requestLog.length > 1000) requestLog.splice(0, requestLog.length - 1000);
  next();
});
app.get('/debug/requests', (req, res) => res.json(requestLog.slice(-50)));
module.exports = app;
`,
        },
      ],
    },
    {
      name: "static field cache",
      code: `export class TokenVerifier {
  static verified = new Map<string, boolean>();

  static async verify(token: string) {
    const known = TokenVerifier.verified.get(token);
    if (known !== undefined) return known;
    const res = await fetch('https://auth.example.com/introspect', { method: 'POST', body: token });
    TokenVerifier.verified.set(token, res.ok);
    return res.ok;
  }
}
`,
      errors: [{ line: 2, column: 3, message: "`verified` (a static field Map) only grows: `TokenVerifier.verified.set` in `verify` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `verified` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

export class TokenVerifier {
  static verified = new BoundedMap<string, boolean>(1000);

  static async verify(token: string) {
    const known = TokenVerifier.verified.get(token);
    if (known !== undefined) return known;
    const res = await fetch('https://auth.example.com/introspect', { method: 'POST', body: token });
    TokenVerifier.verified.set(token, res.ok);
    return res.ok;
  }
}
`,
        },
      ],
    },
    {
      name: "field of a module singleton instance",
      code: `class UserRepository {
  private byEmail = new Map<string, { id: number }>();

  async findByEmail(email: string) {
    let hit = this.byEmail.get(email);
    if (!hit) {
      const res = await fetch('https://users.example.com/by-email/' + encodeURIComponent(email));
      hit = (await res.json()) as { id: number };
      this.byEmail.set(email, hit);
    }
    return hit;
  }
}

export const userRepository = new UserRepository();
`,
      errors: [{ line: 2, column: 3, message: "`byEmail` (a singleton field Map) only grows: `this.byEmail.set` in `findByEmail` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `byEmail` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

class UserRepository {
  private byEmail = new BoundedMap<string, { id: number }>(1000);

  async findByEmail(email: string) {
    let hit = this.byEmail.get(email);
    if (!hit) {
      const res = await fetch('https://users.example.com/by-email/' + encodeURIComponent(email));
      hit = (await res.json()) as { id: number };
      this.byEmail.set(email, hit);
    }
    return hit;
  }
}

export const userRepository = new UserRepository();
`,
        },
      ],
    },
    {
      name: "NestJS injectable service field",
      code: `import { Injectable } from '@nestjs/common';

@Injectable()
export class ExchangeRates {
  private readonly rates = new Map<string, number>();

  async rate(pair: string) {
    if (!this.rates.has(pair)) {
      const res = await fetch('https://fx.example.com/' + pair);
      this.rates.set(pair, Number(await res.text()));
    }
    return this.rates.get(pair)!;
  }
}
`,
      errors: [{ line: 5, column: 3, message: "`rates` (a singleton field Map) only grows: `this.rates.set` in `rate` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `rates` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `import { Injectable } from '@nestjs/common';

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

@Injectable()
export class ExchangeRates {
  private readonly rates = new BoundedMap<string, number>(1000);

  async rate(pair: string) {
    if (!this.rates.has(pair)) {
      const res = await fetch('https://fx.example.com/' + pair);
      this.rates.set(pair, Number(await res.text()));
    }
    return this.rates.get(pair)!;
  }
}
`,
        },
      ],
    },
    {
      name: "module-load closure (IIFE)",
      code: `export const cachedFetch = (() => {
  const responses = new Map<string, string>();
  return async (url: string) => {
    const hit = responses.get(url);
    if (hit !== undefined) return hit;
    const body = await (await fetch(url)).text();
    responses.set(url, body);
    return body;
  };
})();
`,
      errors: [{ line: 2, column: 9, message: "`responses` (a module-load closure Map) only grows: `responses.set` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `responses` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

export const cachedFetch = (() => {
  const responses = new BoundedMap<string, string>(1000);
  return async (url: string) => {
    const hit = responses.get(url);
    if (hit !== undefined) return hit;
    const body = await (await fetch(url)).text();
    responses.set(url, body);
    return body;
  };
})();
`,
        },
      ],
    },
    {
      name: "globalThis cache surviving hot reloads",
      filename: "src/render.js",
      code: `globalThis.__pageCache ??= new Map();

export async function renderPage(slug) {
  const hit = globalThis.__pageCache.get(slug);
  if (hit) return hit;
  const html = await (await fetch('https://cms.example.com/pages/' + slug)).text();
  globalThis.__pageCache.set(slug, html);
  return html;
}
`,
      errors: [{ line: 1, column: 1, message: "`globalThis.__pageCache` (a globalThis Map) only grows: `globalThis.__pageCache.set` in `renderPage` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `globalThis.__pageCache` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap extends Map {
  constructor(maxEntries) {
    super();
    this.maxEntries = maxEntries;
  }

  set(key, value) {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value);
    return super.set(key, value);
  }
}

globalThis.__pageCache ??= new BoundedMap(1000);

export async function renderPage(slug) {
  const hit = globalThis.__pageCache.get(slug);
  if (hit) return hit;
  const html = await (await fetch('https://cms.example.com/pages/' + slug)).text();
  globalThis.__pageCache.set(slug, html);
  return html;
}
`,
        },
      ],
    },
    {
      name: "exported cache filled in another file through an aliased import",
      filename: "src/cache.ts",
      code: `export const avatarCache = new Map<string, Buffer>();
`,
      files: {
        "src/routes.ts": `import express from 'express';
import { avatarCache as avatars } from './cache';

export const router = express.Router();
router.get('/avatars/:id', async (req, res) => {
  let img = avatars.get(req.params.id);
  if (!img) {
    img = Buffer.from(await (await fetch('https://img.example.com/' + req.params.id)).arrayBuffer());
    avatars.set(req.params.id, img);
  }
  res.type('png').send(img);
});
`,
      },
      errors: [{ line: 1, column: 14, message: "`avatarCache` (a module-level Map) only grows: `avatars.set` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `avatarCache` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

export const avatarCache = new BoundedMap<string, Buffer>(1000);
`,
        },
      ],
    },
    {
      name: "grows through a helper called by a route handler",
      code: `import express from 'express';

const lastSeen = new Map<string, number>();

function touch(userId: string) {
  lastSeen.set(userId, Date.now());
}

const app = express();
app.get('/me', (req, res) => {
  touch(String(req.headers['x-user-id']));
  res.sendStatus(204);
});
`,
      errors: [{ line: 3, column: 7, message: "`lastSeen` (a module-level Map) only grows: `lastSeen.set` in `touch` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `lastSeen` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `import express from 'express';

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap<K = any, V = any> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

const lastSeen = new BoundedMap<string, number>(1000);

function touch(userId: string) {
  lastSeen.set(userId, Date.now());
}

const app = express();
app.get('/me', (req, res) => {
  touch(String(req.headers['x-user-id']));
  res.sendStatus(204);
});
`,
        },
      ],
    },
    {
      name: "WebSocket clients registered and never removed",
      filename: "src/ws.js",
      code: `const { WebSocketServer } = require('ws');

const clients = new Map();
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  clients.set(req.headers['sec-websocket-key'], ws);
});
`,
      errors: [{ line: 3, column: 7, message: "`clients` (a module-level Map) only grows: `clients.set` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
      fixes: [
        {
          title: "Bound `clients` to 1000 entries (evict the oldest)",
          kind: 'suggestion',
          output: `const { WebSocketServer } = require('ws');

/** A Map that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class BoundedMap extends Map {
  constructor(maxEntries) {
    super();
    this.maxEntries = maxEntries;
  }

  set(key, value) {
    if (!this.has(key) && this.size >= this.maxEntries) this.delete(this.keys().next().value);
    return super.set(key, value);
  }
}

const clients = new BoundedMap(1000);
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  clients.set(req.headers['sec-websocket-key'], ws);
});
`,
        },
      ],
    },
    {
      name: "Object.create(null) memo with ||=",
      code: `import Handlebars from 'handlebars';

const compiled: Record<string, HandlebarsTemplateDelegate> = Object.create(null);

export function render(template: string, data: object) {
  const fn = (compiled[template] ||= Handlebars.compile(template));
  return fn(data);
}
`,
      errors: [{ line: 3, column: 7, message: "`compiled` (a module-level object map) only grows: `compiled[…] =` in `render` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
    {
      name: "Koa middleware caching responses by URL",
      filename: "src/cache-mw.js",
      code: `const Koa = require('koa');

const responses = {};
const app = new Koa();
app.use(async (ctx, next) => {
  if (responses[ctx.url]) {
    ctx.body = responses[ctx.url];
    return;
  }
  await next();
  responses[ctx.url] = ctx.body;
});
`,
      errors: [{ line: 3, column: 7, message: "`responses` (a module-level object map) only grows: `responses[…] =` adds an entry per distinct key or event and nothing deletes, clears or bounds it" }],
    },
  ],
});
