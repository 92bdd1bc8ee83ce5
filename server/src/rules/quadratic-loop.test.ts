import { testRule, type InvalidCase, type RuleCase } from './rule-tester';
import { quadraticLoop } from './quadratic-loop';

// Without the DOM lib a case's checker builds in a fraction of the time; these cases need no DOM types.
const LIB = { lib: ['lib.es2023.d.ts'] };
const v = (c: RuleCase): RuleCase => ({ compilerOptions: LIB, ...c });
const i = (c: InvalidCase): InvalidCase => ({ compilerOptions: LIB, ...c });

const PG_DTS = `export class Pool { query(text: string, values?: unknown[]): Promise<{ rows: any[] }>; }\n`;

testRule(quadraticLoop, {
  valid: [
    v({
      name: 'pairwise walk over a three-item Array.from({ length: 3 })',
      filename: 'src/seats.js',
      code: `exports.clashes = () => {
  const seats = Array.from({ length: 3 }, (_, i) => ({ id: i % 2 }));
  const out = [];
  for (let i = 0; i < seats.length; i++) {
    for (let j = i + 1; j < seats.length; j++) {
      if (seats[i].id === seats[j].id) out.push(seats[j]);
    }
  }
  return out;
};
`,
    }),
    v({
      name: 'option-name list every caller passes from an exported constant (workerpool-style, two files)',
      filename: 'src/validate-options.js',
      files: {
        'src/worker-handler.js': `const { validateOptions, forkOptsNames, workerOptsNames } = require('./validate-options');
function setupWorker(script, options) {
  validateOptions(options.forkOpts, forkOptsNames, 'forkOpts');
  validateOptions(options.workerOpts, workerOptsNames, 'workerOpts');
  return { script, options };
}
module.exports = { setupWorker };
`,
      },
      code: `exports.validateOptions = function validateOptions(options, allowedOptionNames, objectName) {
  if (!options) return;
  const optionNames = Object.keys(options);
  const unknown = optionNames.find((name) => !allowedOptionNames.includes(name));
  if (unknown) throw new Error('Object "' + objectName + '" contains an unknown option "' + unknown + '"');
  return options;
};

exports.forkOptsNames = ['cwd', 'detached', 'env', 'execPath', 'execArgv', 'gid', 'silent', 'stdio', 'uid'];
exports.workerOptsNames = ['credentials', 'name', 'type'];
`,
    }),
    v({
      name: 'array parameters left at their literal defaults by every caller (compiled TypeScript calls)',
      filename: 'src/llhttp/utils.js',
      files: {
        'src/llhttp/constants.js': `"use strict";
const utils_1 = require("./utils");
exports.METHODS = { DELETE: 0, GET: 1, HEAD: 2, POST: 3, PUT: 4 };
exports.METHOD_MAP = (0, utils_1.enumToMap)(exports.METHODS);
`,
      },
      code: `"use strict";
exports.enumToMap = enumToMap;
function enumToMap(obj, filter = [], exceptions = []) {
  const emptyFilter = filter.length === 0;
  const emptyExceptions = exceptions.length === 0;
  return Object.fromEntries(Object.entries(obj).filter(([, value]) => {
    return typeof value === 'number' && (emptyFilter || filter.includes(value)) && (emptyExceptions || !exceptions.includes(value));
  }));
}
`,
    }),
    v({
      name: "unshift over a call's own `arguments` (debug printer)",
      filename: 'src/collection.js',
      code: `function Collection(name) {
  this.name = name;
}

Collection.prototype.print = function (method, args) {
  const parts = [];
  for (let j = args.length - 1; j >= 0; --j) {
    if (args[j] !== undefined || parts.length) parts.unshift(JSON.stringify(args[j]));
  }
  console.info('db.' + this.name + '.' + method + '(' + parts.join(', ') + ')');
};

Collection.prototype.find = function () {
  const args = arguments;
  this.print('find', args);
  return args;
};

module.exports = Collection;
`,
    }),
    v({
      name: 'plugin-name aliases: a two-item list built by the only caller',
      code: `type Rule = { meta?: { languages?: string[] } };

function supportsLanguage(languages: string[] | undefined, pluginNames: string[]): boolean {
  if (!languages) return true;
  for (const entry of languages) {
    const [plugin] = entry.split('/');
    if (plugin === '*' || pluginNames.includes(plugin!)) return true;
  }
  return false;
}

export function unsupportedRules(rules: Record<string, Rule>, pluginName: string, namespace?: string) {
  const pluginNames = namespace ? [pluginName, namespace] : [pluginName];
  return Object.entries(rules).filter(([, rule]) => !supportsLanguage(rule.meta?.languages, pluginNames));
}
`,
    }),
    v({
      name: 'includes on a string (JS, Express)',
      filename: 'src/search.js',
      code: `const express = require('express');
const router = express.Router();
router.get('/search', (req, res) => {
  const q = String(req.query.q || '');
  const hits = [];
  for (const doc of req.app.locals.docs) {
    if (doc.title.includes(q) || q.includes(doc.slug)) hits.push(doc);
  }
  res.json(hits);
});
module.exports = router;
`,
    }),
    v({
      name: 'Set.has in a loop',
      code: `export function visible(posts: { authorId: string }[], blocked: string[]) {
  const blockedSet = new Set(blocked);
  return posts.filter((p) => !blockedSet.has(p.authorId));
}
`,
    }),
    v({
      name: 'module-level constant array',
      code: `const ADMIN_ROLES = ['admin', 'owner', 'billing', 'support', 'auditor', 'security', 'ops', 'root', 'superuser', 'staff'];
export function admins(users: { role: string }[]) {
  return users.filter((u) => ADMIN_ROLES.includes(u.role));
}
`,
    }),
    v({
      name: 'tiny local literal array (Fastify hook, JS)',
      filename: 'src/hooks.js',
      code: `module.exports = async function routes(fastify) {
  fastify.addHook('onRoute', (route) => {
    const safe = ['GET', 'HEAD', 'OPTIONS'];
    for (const m of [].concat(route.method)) {
      if (!safe.includes(m)) route.config = { ...route.config, csrf: true };
    }
  });
};
`,
    }),
    v({
      name: "parent → own children",
      code: `interface Item { sku: string; orderId: string }
interface Order { id: string; items: Item[] }
export function lines(orders: Order[]) {
  let n = 0;
  for (const order of orders) {
    for (const item of order.items) {
      if (item.orderId === order.id) n++;
    }
  }
  return n;
}
`,
    }),
    v({
      name: 'fixed small grid',
      code: `export function kernel(img: number[][]) {
  const k = [[0, 1, 0], [1, -4, 1], [0, 1, 0]];
  let acc = 0;
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 3; x++) {
      if (k[y]![x] === img[y]![x]) acc += k[y]![x]!;
    }
  }
  return acc;
}
`,
    }),
    v({
      name: 'collection derived per iteration from the outer item',
      code: `export function admins(users: { roles: { name: string }[] }[]) {
  const out = [];
  for (const u of users) {
    const names = u.roles.map((r) => r.name);
    if (names.includes('admin')) out.push(u);
  }
  return out;
}
`,
    }),
    v({
      name: 'mongoose Model.find in a loop is a query, not an array scan (JS)',
      filename: 'src/sync.js',
      code: `const User = require('./models/user');
async function sync(ids) {
  for (const id of ids) {
    const docs = await User.find({ teamId: id });
    console.log(docs.length);
  }
}
module.exports = { sync };
`,
    }),
    v({
      name: 'includes outside any loop',
      code: `export function allowed(roles: string[], role: string) {
  return roles.includes(role);
}
`,
    }),
    v({
      name: 'pairwise comparison from the outer index (inherent: an overlap test, no key to group by)',
      code: `export function collisions(boxes: { x: number; w: number }[]) {
  let hits = 0;
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      if (boxes[a]!.x < boxes[b]!.x + boxes[b]!.w && boxes[b]!.x < boxes[a]!.x + boxes[a]!.w) hits++;
    }
  }
  return hits;
}
`,
    }),
    v({
      name: 'pairwise walk matching different fields (an edge list, not a key self-join)',
      code: `export function chains(edges: { from: string; to: string }[]) {
  const links: [number, number][] = [];
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      if (edges[i]!.to === edges[j]!.from) links.push([i, j]);
    }
  }
  return links;
}
`,
    }),
    v({
      name: 'cartesian product (no join to index)',
      code: `export function variants(colors: string[], sizes: string[]) {
  const out: string[] = [];
  for (const c of colors) {
    for (const s of sizes) out.push(c + '-' + s);
  }
  return out;
}
`,
    }),
    v({
      name: 'reduce that mutates its accumulator; spreads that are not the accumulator',
      code: `export function byId(rows: { id: string }[], defaults: object) {
  const index = rows.reduce((acc, r) => {
    acc[r.id] = { ...defaults, ...r };
    return acc;
  }, {} as Record<string, object>);
  return index;
}
`,
    }),
    v({
      name: 'splice(-1, 1) drops the last element: a pop, nothing moves (query builder, JS)',
      filename: 'src/query-generator.js',
      code: `function insertValues(rows, fields) {
  const tuples = [];
  for (const row of rows) {
    const values = fields.map((f) => row[f]);
    if (values[values.length - 1] === undefined) fields.splice(-1, 1);
    tuples.push(\`(\${values.join(', ')})\`);
  }
  return tuples;
}
module.exports = { insertValues };
`,
    }),
    v({
      name: 'trimming a stack from its end with splice(length - 1)',
      code: `export function unwind(frames: string[], events: { type: string }[]) {
  for (const e of events) {
    if (e.type === 'return') frames.splice(frames.length - 1, 1);
  }
  return frames;
}
`,
    }),
    v({
      name: 'splice then break: one removal',
      code: `export function off(listeners: Array<() => void>, fn: () => void) {
  for (let i = 0; i < listeners.length; i++) {
    if (listeners[i] === fn) {
      listeners.splice(i, 1);
      break;
    }
  }
}
`,
    }),
    v({
      name: 'CLI args consumed with shift (JS)',
      filename: 'bin/cli.js',
      code: `const args = process.argv.slice(2);
const opts = {};
while (args.length) {
  const a = args.shift();
  if (a === '--verbose') opts.verbose = true;
}
console.log(opts);
`,
    }),
    v({
      name: 'rxjs-style operator callback is not a loop',
      files: { 'node_modules/rxjs/index.d.ts': 'export declare function map<T, R>(fn: (v: T) => R): unknown;\nexport declare class Observable<T> { pipe(...ops: unknown[]): Observable<unknown>; }\n' },
      code: `import { map, Observable } from 'rxjs';
export function onlyActive(users$: Observable<{ id: string }[]>, active: string[]) {
  return users$.pipe(map((users: { id: string }[]) => users.length + active.length));
}
`,
    }),
    v({
      name: 'string concat in a loop',
      code: `export function csv(rows: string[][]) {
  let out = '';
  for (const r of rows) out = out.concat(r.join(','), '\\n');
  return out;
}
`,
    }),
    v({
      name: 'skip-self over the same collection (all pairs, inherent)',
      code: `export function nearest(points: { id: string; x: number }[]) {
  for (const a of points) {
    for (const b of points) {
      if (a.id === b.id) continue;
      if (Math.abs(a.x - b.x) < 1) return [a, b];
    }
  }
  return undefined;
}
`,
    }),
    v({
      name: 'retry loop with a literal bound, config lookup by constant keys',
      code: `const RETRYABLE = Object.freeze(['ECONNRESET', 'ETIMEDOUT']);
export async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fn();
    } catch (e: any) {
      if (!RETRYABLE.includes(e.code)) throw e;
    }
  }
  throw new Error('gave up');
}
`,
    }),
    v({
      name: 'a stack kept at the front (unshift + shift per item, JS, mocha-style)',
      filename: 'src/visit.js',
      code: `function visit(obj, suites) {
  for (const key in obj) {
    const suite = { title: key };
    suites.unshift(suite);
    visit(obj[key], suites);
    suites.shift();
  }
}
module.exports = { visit };
`,
    }),
    v({
      name: 'pairwise predicate with no key to index (inherent)',
      code: `declare function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean;
export function clashes(meetings: { start: number; end: number }[], busy: { start: number; end: number }[]) {
  return meetings.filter((m) => busy.some((b) => overlaps(m, b)));
}
`,
    }),
    v({
      name: 'frozen constant list exported from another file (JS)',
      filename: 'src/dedupe.js',
      files: { 'src/util.js': "module.exports = { safeMethods: Object.freeze(['GET', 'HEAD', 'OPTIONS', 'TRACE']) };\n" },
      code: `const util = require('./util');
function cacheable(requests) {
  return requests.filter((r) => util.safeMethods.includes(r.method));
}
module.exports = { cacheable };
`,
    }),
    v({
      name: 'loop over a small literal Map; includes on an input array is not repeated by it',
      code: `const ALGOS = new Map([['sha256', 0], ['sha384', 1], ['sha512', 2]]);
export function prune(available: string[]) {
  for (const algo of ALGOS.keys()) {
    if (!available.includes(algo)) ALGOS.delete(algo);
  }
}
`,
    }),
    v({
      name: 'enumerated element type (a handful of distinct values)',
      code: `type JSONType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';
export function narrow(dataTypes: JSONType[], withTypes: JSONType[]) {
  const out: JSONType[] = [];
  for (const t of dataTypes) if (withTypes.includes(t)) out.push(t);
  return out;
}
`,
    }),
    v({
      name: 'while loop walking up a tree, membership in a list that does not grow there',
      code: `interface Node { parent?: Node; tag: string }
export function closest(start: Node, stops: Node[]) {
  let n: Node | undefined = start;
  while (n) {
    if (stops.includes(n)) return n;
    n = n.parent;
  }
  return undefined;
}
`,
    }),
  ],
  invalid: [
    i({
      name: 'membership test over test data built with Array.from({ length: 20000 })',
      filename: 'src/report.js',
      code: `const existing = Array.from({ length: 20000 }, (_, i) => i * 2);
const wanted = Array.from({ length: 20000 }, (_, i) => i * 3);
const found = [];
for (const id of wanted) {
  if (existing.includes(id)) found.push(id);
}
console.log(found.length);
`,
      errors: [{ line: 5, column: 7 }],
    }),
    i({
      name: 'duplicate finder over items built with Array.from({ length: n })',
      filename: 'src/dups.js',
      code: `exports.dups = (n) => {
  const items = Array.from({ length: n }, (_, k) => ({ id: k % (n >> 1) }));
  const out = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].id === items[j].id) out.push(items[j]);
    }
  }
  return out.length;
};
`,
      errors: [{ line: 5, column: 5, message: 'group `items` by `id` in a Map in one pass instead' }],
    }),
    i({
      name: 'duplicate finder: every pair compared on the same key (JS, j = i + 1)',
      filename: 'src/dups.js',
      code: `function findDuplicates(items) {
  const dups = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].id === items[j].id) dups.push(items[j]);
    }
  }
  return dups;
}
module.exports = { findDuplicates };
`,
      errors: [{ line: 4, column: 5, message: 'the loop over `items` compares each item with every later one to match `items[i].id === items[j].id` — O(n²); group `items` by `id` in a Map in one pass instead' }],
    }),
    i({
      name: 'same-email accounts found pairwise (TS, counted per pair)',
      code: `interface Account { id: string; email: string }
export function sharedEmails(accounts: Account[]): number {
  let pairs = 0;
  for (let a = 0; a < accounts.length; a++) {
    for (let b = a + 1; b < accounts.length; b++) {
      if (accounts[a]!.email === accounts[b]!.email) pairs++;
    }
  }
  return pairs;
}
`,
      errors: [{ line: 5, column: 5, message: 'group `accounts` by `email` in a Map in one pass instead' }],
    }),
    i({
      name: 'helper parameter filled by one caller with request data (the other passes a literal)',
      code: `import express from 'express';
type Post = { id: string; tag: string };
const app = express();

function tagged(posts: Post[], wanted: string[]): Post[] {
  return posts.filter((p) => wanted.includes(p.tag));
}

app.get('/featured', (req, res) => res.json(tagged(req.app.locals.posts as Post[], ['news', 'release'])));
app.post('/search', express.json(), (req, res) => res.json(tagged(req.app.locals.posts as Post[], req.body.tags as string[])));
`,
      errors: [{ line: 6, column: 30, message: '`wanted.includes` scans `wanted` for each of `posts`' }],
    }),
    i({
      name: 'exported helper whose in-project caller passes a query result',
      files: {
        'src/report.ts': `import { Pool } from 'pg';
import { missingIds } from './diff';
const pool = new Pool();
export async function report(ids: number[]) {
  const { rows } = await pool.query('SELECT id FROM orders');
  return missingIds(ids, rows.map((r) => r.id as number));
}
`,
        'node_modules/pg/index.d.ts': PG_DTS,
      },
      filename: 'src/diff.ts',
      code: `export function missingIds(wanted: number[], known: number[]): number[] {
  return wanted.filter((id) => !known.includes(id));
}
`,
      errors: [{ line: 2, column: 33, message: '`known.includes` scans `known` for each of `wanted`' }],
    }),
    i({
      name: 'Express + pg: includes over a query result in filter (JS, safe Set fix)',
      filename: 'src/feed.js',
      files: { 'node_modules/pg/index.d.ts': PG_DTS },
      code: `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();

app.get('/feed', async (req, res) => {
  const { rows: posts } = await pool.query('SELECT * FROM posts');
  const { rows: blocks } = await pool.query('SELECT blocked_id FROM blocks WHERE user_id = $1', [req.user.id]);
  const blockedIds = blocks.map((b) => b.blocked_id);
  res.json(posts.filter((p) => !blockedIds.includes(p.author_id)));
});
`,
      errors: [{ line: 10, column: 33, message: '`blockedIds.includes` scans `blockedIds` for each of `posts`' }],
      fixes: [
        {
          kind: 'safe',
          title: 'in a Set',
          output: `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();

app.get('/feed', async (req, res) => {
  const { rows: posts } = await pool.query('SELECT * FROM posts');
  const { rows: blocks } = await pool.query('SELECT blocked_id FROM blocks WHERE user_id = $1', [req.user.id]);
  const blockedIds = blocks.map((b) => b.blocked_id);
  const blockedIdsSet = new Set(blockedIds);
  res.json(posts.filter((p) => !blockedIdsSet.has(p.author_id)));
});
`,
        },
      ],
    }),
    i({
      name: 'find by id per user (TS, typed Map index, safe)',
      code: `interface User { id: string; name: string }
interface Order { id: string; userId: string; total: number }

export function withLatestOrder(users: User[], orders: Order[]) {
  return users.map((u) => ({ ...u, order: orders.find((o) => o.userId === u.id) }));
}
`,
      errors: [{ line: 5, column: 43, message: 'index `orders` by `userId` in a Map' }],
      fixes: [
        {
          kind: 'safe',
          output: `interface User { id: string; name: string }
interface Order { id: string; userId: string; total: number }

export function withLatestOrder(users: User[], orders: Order[]) {
  const ordersByUserId = new Map<(typeof orders)[number]['userId'], (typeof orders)[number]>();
  for (const o of orders) if (!ordersByUserId.has(o.userId)) ordersByUserId.set(o.userId, o);
  return users.map((u) => ({ ...u, order: ordersByUserId.get(u.id) }));
}
`,
        },
      ],
    }),
    i({
      name: 'indexOf !== -1 in a for-of (number ids: suggestion, NaN differs)',
      code: `export function countSelected(ids: number[], selected: number[]) {
  let count = 0;
  for (const id of ids) {
    if (selected.indexOf(id) !== -1) count++;
  }
  return count;
}
`,
      errors: [{ line: 4, column: 9 }],
      fixes: [
        {
          kind: 'suggestion',
          output: `export function countSelected(ids: number[], selected: number[]) {
  let count = 0;
  const selectedSet = new Set(selected);
  for (const id of ids) {
    if (selectedSet.has(id)) count++;
  }
  return count;
}
`,
        },
      ],
    }),
    i({
      name: 'Koa: some() by sku against existing rows (Set of keys)',
      code: `interface Ctx { request: { body: { items: { sku: string; qty: number }[] } }; body: unknown }
export async function importItems(ctx: Ctx, existing: { sku: string }[]) {
  const toInsert: { sku: string; qty: number }[] = [];
  for (const item of ctx.request.body.items) {
    if (!existing.some((e) => e.sku === item.sku)) toInsert.push(item);
  }
  ctx.body = toInsert;
}
`,
      errors: [{ line: 5, column: 10, message: '`existing.some`' }],
      fixes: [
        {
          kind: 'safe',
          output: `interface Ctx { request: { body: { items: { sku: string; qty: number }[] } }; body: unknown }
export async function importItems(ctx: Ctx, existing: { sku: string }[]) {
  const toInsert: { sku: string; qty: number }[] = [];
  const existingSkuSet = new Set(existing.map((e) => e.sku));
  for (const item of ctx.request.body.items) {
    if (!existingSkuSet.has(item.sku)) toInsert.push(item);
  }
  ctx.body = toInsert;
}
`,
        },
      ],
    }),
    i({
      name: 'NestJS-style service: filter by author in forEach (grouping Map, suggestion)',
      code: `interface Post { id: string; authorId: string }
interface Author { id: string; posts?: Post[] }
export class FeedService {
  attach(authors: Author[], posts: Post[]) {
    authors.forEach((a) => {
      a.posts = posts.filter((p) => p.authorId === a.id);
    });
    return authors;
  }
}
`,
      errors: [{ line: 6, column: 17 }],
      fixes: [
        {
          kind: 'suggestion',
          output: `interface Post { id: string; authorId: string }
interface Author { id: string; posts?: Post[] }
export class FeedService {
  attach(authors: Author[], posts: Post[]) {
    const postsByAuthorId = new Map<(typeof posts)[number]['authorId'], (typeof posts)[number][]>();
    for (const p of posts) {
      const group = postsByAuthorId.get(p.authorId);
      if (group) group.push(p);
      else postsByAuthorId.set(p.authorId, [p]);
    }
    authors.forEach((a) => {
      a.posts = (postsByAuthorId.get(a.id) ?? []);
    });
    return authors;
  }
}
`,
        },
      ],
    }),
    i({
      name: 'findIndex per update while rows are replaced in place (no fix: rows mutated)',
      code: `export function applyUpdates(rows: { id: string; v: number }[], updates: { id: string; v: number }[]) {
  for (const u of updates) {
    const at = rows.findIndex((r) => r.id === u.id);
    if (at >= 0) rows[at] = { ...rows[at]!, v: u.v };
  }
  return rows;
}
`,
      errors: [{ line: 3, column: 16, message: '`rows.findIndex`' }],
    }),
    i({
      name: 'through a helper function in the same file',
      code: `function hasRole(granted: string[], role: string): boolean {
  return granted.includes(role);
}
export function admins(users: { role: string }[], adminRoles: string[]) {
  const out = [];
  for (const u of users) {
    if (hasRole(adminRoles, u.role)) out.push(u);
  }
  return out;
}
`,
      errors: [{ line: 7, column: 9, message: '`hasRole(…)` scans `adminRoles` (`granted.includes` in `hasRole`)' }],
    }),
    i({
      name: 'through a helper in another file (indexOf)',
      files: { 'src/acl.ts': 'export function isBlocked(list: string[], id: string): boolean {\n  return list.indexOf(id) >= 0;\n}\n' },
      code: `import { isBlocked } from './acl';
export function visible(posts: { authorId: string }[], blockList: string[]) {
  return posts.filter((p) => !isBlocked(blockList, p.authorId));
}
`,
      errors: [{ line: 3, column: 31, message: '`list.indexOf` in `isBlocked`' }],
    }),
    i({
      name: 'through an alias of the parameter',
      code: `export function active(users: { id: string }[], bannedIds: string[]) {
  const banned = bannedIds;
  return users.filter((u) => !banned.includes(u.id));
}
`,
      errors: [{ line: 3, column: 31, message: '`banned.includes`' }],
      fixes: [
        {
          kind: 'safe',
          output: `export function active(users: { id: string }[], bannedIds: string[]) {
  const banned = bannedIds;
  const bannedSet = new Set(banned);
  return users.filter((u) => !bannedSet.has(u.id));
}
`,
        },
      ],
    }),
    i({
      name: 'nested for-of join (TypeORM entities)',
      code: `interface Role { userId: number; name: string }
interface User { id: number; roles: string[] }
export function attachRoles(users: User[], roles: Role[]) {
  for (const u of users) {
    for (const r of roles) {
      if (r.userId === u.id) u.roles.push(r.name);
    }
  }
}
`,
      errors: [{ line: 5, column: 5, message: 'the loop over `roles` runs for each of `users` to match `r.userId === u.id`' }],
    }),
    i({
      name: 'nested index loops join (JS)',
      filename: 'src/match.js',
      code: `function matchSkus(a, b) {
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (a[i].sku === b[j].sku) matches++;
    }
  }
  return matches;
}
module.exports = { matchSkus };
`,
      errors: [{ line: 4, column: 5, message: 'the loop over `b`' }],
    }),
    i({
      name: 'knex rows reduced with an object spread (JS, safe)',
      filename: 'src/index-rows.js',
      code: `const knex = require('knex')({ client: 'pg' });
async function usersById() {
  const rows = await knex('users').select('id', 'name');
  return rows.reduce((acc, r) => ({ ...acc, [r.id]: r }), {});
}
module.exports = { usersById };
`,
      errors: [{ line: 4, column: 37, message: '`...acc` copies the accumulator on every step of `rows.reduce`' }],
      fixes: [
        {
          kind: 'safe',
          output: `const knex = require('knex')({ client: 'pg' });
async function usersById() {
  const rows = await knex('users').select('id', 'name');
  return rows.reduce((acc, r) => Object.assign(acc, { [r.id]: r }), {});
}
module.exports = { usersById };
`,
        },
      ],
    }),
    i({
      name: 'array spread accumulator in reduce',
      code: `export function names(items: { name: string }[]) {
  return items.reduce<string[]>((acc, item) => [...acc, item.name], []);
}
`,
      errors: [{ line: 2, column: 49 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function names(items: { name: string }[]) {
  return items.reduce<string[]>((acc, item) => (acc.push(item.name), acc), []);
}
`,
        },
      ],
    }),
    i({
      name: 'acc = [...acc, x] in a for-of (safe push)',
      code: `export function fileNames(files: { name: string }[]) {
  let result: string[] = [];
  for (const f of files) {
    result = [...result, f.name];
  }
  return result;
}
`,
      errors: [{ line: 4, column: 15, message: '`result = [...result, …]`' }],
      fixes: [
        {
          kind: 'safe',
          output: `export function fileNames(files: { name: string }[]) {
  let result: string[] = [];
  for (const f of files) {
    result.push(f.name);
  }
  return result;
}
`,
        },
      ],
    }),
    i({
      name: 'object spread self-assignment over Object.entries (computed key)',
      code: `export function invert(map: Record<string, string>) {
  let out: Record<string, string> = {};
  for (const [k, val] of Object.entries(map)) {
    out = { ...out, [val]: k };
  }
  return out;
}
`,
      errors: [{ line: 4, column: 13 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function invert(map: Record<string, string>) {
  let out: Record<string, string> = {};
  for (const [k, val] of Object.entries(map)) {
    out[val] = k;
  }
  return out;
}
`,
        },
      ],
    }),
    i({
      name: 'a = a.concat(page.items) over fetched pages (suggestion: push(...x))',
      code: `export async function all(pages: { items: string[] }[]) {
  let all: string[] = [];
  for (const page of pages) {
    all = all.concat(page.items);
  }
  return all;
}
`,
      errors: [{ line: 4, column: 11, message: '`all = all.concat(…)`' }],
      fixes: [
        {
          kind: 'suggestion',
          output: `export async function all(pages: { items: string[] }[]) {
  let all: string[] = [];
  for (const page of pages) {
    all.push(...page.items);
  }
  return all;
}
`,
        },
      ],
    }),
    i({
      name: 'concat of one element per iteration (safe push)',
      code: `export function ids(users: { id: string }[]) {
  let out: string[] = [];
  for (const u of users) out = out.concat(u.id);
  return out;
}
`,
      errors: [{ line: 3, column: 32 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function ids(users: { id: string }[]) {
  let out: string[] = [];
  for (const u of users) out.push(u.id);
  return out;
}
`,
        },
      ],
    }),
    i({
      name: 'splice in a reverse removal loop (filter suggestion)',
      code: `export function prune(jobs: { done: boolean }[]) {
  for (let i = jobs.length - 1; i >= 0; i--) {
    if (jobs[i]!.done) jobs.splice(i, 1);
  }
  return jobs;
}
`,
      errors: [{ line: 3, column: 24, message: '`jobs.splice` moves the rest of `jobs`' }],
      fixes: [
        {
          kind: 'suggestion',
          output: `export function prune(jobs: { done: boolean }[]) {
  jobs = jobs.filter((item) => !(item!.done));
  return jobs;
}
`,
        },
      ],
    }),
    i({
      name: 'BFS queue with shift (JS, index walk suggestion)',
      filename: 'src/tree.js',
      code: `function walk(root, visit) {
  const queue = [root];
  while (queue.length > 0) {
    const node = queue.shift();
    visit(node);
    for (const child of node.children) queue.push(child);
  }
}
module.exports = { walk };
`,
      errors: [{ line: 4, column: 18, message: '`queue.shift`' }],
      fixes: [
        {
          kind: 'suggestion',
          output: `function walk(root, visit) {
  const queue = [root];
  let head = 0;
  while (head < queue.length) {
    const node = queue[head++];
    visit(node);
    for (const child of node.children) queue.push(child);
  }
}
module.exports = { walk };
`,
        },
      ],
    }),
    i({
      name: 'unshift in a loop',
      code: `export function reversed(lines: string[]) {
  const out: string[] = [];
  for (const l of lines) out.unshift(l);
  return out;
}
`,
      errors: [{ line: 3, column: 26, message: '`out.unshift`' }],
    }),
    i({
      name: 'dedupe with indexOf in filter',
      code: `export function unique(tags: string[]) {
  return tags.filter((t, idx) => tags.indexOf(t) === idx);
}
`,
      errors: [{ line: 2, column: 34, message: '`tags.indexOf`' }],
    }),
    i({
      name: 'Fastify: find per id of the request body, on a class field',
      code: `interface Product { id: string; price: number }
export class Catalog {
  private products: Product[] = [];
  load(p: Product[]) { this.products = p; }
  total(body: { ids: string[] }) {
    let sum = 0;
    for (const id of body.ids) {
      const p = this.products.find((x) => x.id === id);
      if (p) sum += p.price;
    }
    return sum;
  }
}
`,
      errors: [{ line: 8, column: 17, message: '`this.products.find`' }],
    }),
    i({
      name: 'visited list in a BFS while loop (grows while scanned, JS)',
      filename: 'src/graph.js',
      code: `function reachable(start, edges) {
  const visited = [start];
  const stack = [start];
  while (stack.length) {
    const n = stack.pop();
    for (const e of edges[n] || []) {
      if (!visited.includes(e)) {
        visited.push(e);
        stack.push(e);
      }
    }
  }
  return visited;
}
module.exports = { reachable };
`,
      errors: [{ line: 7, column: 12, message: '`visited.includes`' }],
    }),
    i({
      name: 'Prisma result matched in a nested forEach (join on id)',
      code: `interface Invoice { id: string; customerId: string; customerName?: string }
interface Customer { id: string; name: string }
export async function label(db: { invoice: { findMany(): Promise<Invoice[]> }; customer: { findMany(): Promise<Customer[]> } }) {
  const invoices = await db.invoice.findMany();
  const customers = await db.customer.findMany();
  invoices.forEach((inv) => {
    customers.forEach((c) => {
      if (c.id === inv.customerId) inv.customerName = c.name;
    });
  });
  return invoices;
}
`,
      errors: [{ line: 7, column: 5, message: 'the loop over `customers` runs for each of `invoices`' }],
    }),
  ],
});
