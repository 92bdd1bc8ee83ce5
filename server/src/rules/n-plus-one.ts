/**
 * n-plus-one: a DB/ORM/cache/HTTP lookup issued once per item of a collection (await in a loop,
 * `.map/.forEach` callbacks, `Promise.all(xs.map(…))`, promise chains, callback-style queries, through
 * helpers in this or another file) where one batched call would do. Points at the per-item call.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext, RuleDocs } from './rule';
import { dottedName, skipOuter } from './util/syntax';
import { LIBRARY_LABEL } from './util/data-layers';
import { classifyLookup, mayBeLookup, mayBeLookupMethod, type Lookup } from './util/data-layer-lookups';
import { calledFunction, isAsyncPosition, isKeyedUrl, summarizeHelper } from './util/lookup-helpers';
import { hasEarlyExit, isSmallFixedCollection, itemDerivedNames, loopCarriedNames, perItemLoopOf, referencedNames, referencesAny, type PerItemLoop } from './util/per-item-flow';
import { batchFixes } from './util/batch-fix';


const nPlusOneDocs: RuleDocs = {
  why:
    'Every lookup is a network round trip (0.1–1 ms to a local database, 1–50 ms to a managed one or an API) plus parse, plan and ' +
    'connection checkout. Issued once per item, a page of 100 rows costs 101 round trips instead of 2, and the cost grows with the ' +
    'data. `Promise.all(items.map(…))` hides the latency but not the load: N queries still queue on the pool (10 connections by ' +
    'default) and hit the server N times. One set-based call — `= ANY($1)` / `IN (?)`, `findMany({ where: { id: { in } } })`, ' +
    '`$in`, `whereIn`, `MGET`, an include/join or a batch endpoint — does the same work in one round trip.',
  bad: [
    `import { Pool } from 'pg';

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
    `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function GET() {
  const posts = await prisma.post.findMany({ take: 20 });
  const authors = await Promise.all(posts.map((post) => prisma.user.findUnique({ where: { id: post.authorId } })));
  return Response.json({ posts, authors });
}
`,
    `const Redis = require('ioredis');

const redis = new Redis();

async function sessions(ids) {
  const out = [];
  for (const id of ids) out.push(await redis.get(\`session:\${id}\`));
  return out;
}

module.exports = { sessions };
`,
  ],
  good: [
    `import { Pool } from 'pg';

const pool = new Pool();

export async function ordersWithUsers(orders: { id: number; userId: number }[]) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = ANY($1)', [orders.map((o) => o.userId)]);
  const userById = new Map(rows.map((row) => [row.id, row]));
  return orders.map((order) => ({ ...order, user: userById.get(order.userId) }));
}
`,
    `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function GET() {
  const posts = await prisma.post.findMany({ take: 20, include: { author: true } });
  return Response.json({ posts });
}
`,
    `const Redis = require('ioredis');

const redis = new Redis();

async function sessions(ids) {
  return ids.length ? redis.mget(ids.map((id) => \`session:\${id}\`)) : [];
}

module.exports = { sessions };
`,
  ],
  lookAlikes: [
    // DataLoader is the batching tool: .load per item becomes one query
    `import DataLoader from 'dataloader';
import { Pool } from 'pg';

const pool = new Pool();
const users = new DataLoader(async (ids: readonly number[]) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = ANY($1)', [ids]);
  return ids.map((id) => rows.find((r) => r.id === id));
});

export const resolvers = { Post: { author: (post: { authorId: number }) => users.load(post.authorId) } };
export async function authors(posts: { authorId: number }[]) {
  return Promise.all(posts.map((p) => users.load(p.authorId)));
}
`,
    // already chunked: each iteration is one set-based query
    `import { Pool } from 'pg';

const pool = new Pool();

export async function archive(chunks: number[][]) {
  for (const chunk of chunks) {
    await pool.query('DELETE FROM sessions WHERE user_id = ANY($1)', [chunk]);
  }
}
`,
    // cursor pagination: each query needs the previous page's last id
    `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function exportAll(tables: string[]) {
  for (const table of tables) {
    let cursor: number | undefined;
    for (const page of [1, 2, 3]) {
      const rows = await prisma.event.findMany({ where: { table }, take: 500, cursor: cursor ? { id: cursor } : undefined });
      cursor = rows.at(-1)?.id;
      void page;
    }
  }
}
`,
    // a different endpoint per item (health checks): nothing to batch; serial-await's business
    `export async function health(services: { name: string; url: string }[]) {
  return Promise.all(services.map((s) => fetch(\`\${s.url}/healthz\`).then((r) => r.ok)));
}
`,
    // a small fixed list of statuses
    `const mysql = require('mysql2/promise');

const db = mysql.createPool({ uri: process.env.DATABASE_URL });

async function counts() {
  const out = {};
  for (const status of ['open', 'pending', 'closed']) {
    const [rows] = await db.query('SELECT COUNT(*) AS n FROM tickets WHERE status = ?', [status]);
    out[status] = rows[0].n;
  }
  return out;
}

module.exports = { counts };
`,
  ],
};

export const nPlusOne: Rule = {
  id: 'n-plus-one',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'suggestion',
    description: 'A database, cache or HTTP lookup issued once per item where one batched call would do',
  },
  docs: nPlusOneDocs,
  kinds: [ts.SyntaxKind.CallExpression],
  check(ctx) {
    for (const node of ctx.nodes(ts.SyntaxKind.CallExpression)) checkCall(ctx, node as ts.CallExpression);
  },
};

function checkCall(ctx: RuleContext, call: ts.CallExpression): void {
  if (!mayBeLookup(call)) return;
  // `xs.push(x)`, `v.set(…)`: a method no data layer has can only matter as a call of a helper, and
  // helpers are followed only from an async position — decided without the checker
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) && !mayBeLookupMethod(callee.name.text) && !isAsyncPosition(call)) return;
  // Cheap syntax first: per item, and keyed by the item; only then ask the checker.
  const loop = perItemLoopOf(call);
  if (!loop) return;
  const derived = itemDerivedNames(loop, call);
  if (!call.arguments.some((a) => referencesAny(a, derived)) && !chainReferences(call, derived)) return;
  const checker = ctx.checker;
  let lookup: Lookup | undefined;
  let helper: { name: string; lookup: Lookup } | undefined;
  const found = classifyLookup(call, checker, isAsyncPosition(call));
  if (found === 'batched') return;
  if (found) {
    if (!referencesAny(found.call, derived)) return;
    if (found.url && !isKeyedUrl(found.url, found.params, derived)) return;
    lookup = found;
  } else if (isAsyncPosition(call)) {
    const target = calledFunction(call, checker);
    const summary = target && summarizeHelper(target.fn, target.name, checker);
    if (!summary) return;
    if (summary.urlParam !== undefined) {
      // the helper requests the URL it is given: per item when this call builds it from the item
      const url = call.arguments[summary.urlParam];
      if (!url || !isKeyedUrl(url, undefined, derived)) return;
    }
    helper = { name: summary.name, lookup: summary.lookup };
  } else return;
  if (!isPerItemWork(loop, call, lookup ?? helper!.lookup, derived, checker)) return;
  report(ctx, loop, call, lookup, helper);
}

/** For knex-style chains the item may sit in a later call of the chain (`db('t').where('id', id)`). */
function chainReferences(call: ts.CallExpression, names: ReadonlySet<string>): boolean {
  let cur: ts.Node = call;
  while (cur.parent && ts.isPropertyAccessExpression(cur.parent) && cur.parent.parent && ts.isCallExpression(cur.parent.parent)) {
    cur = cur.parent.parent;
    if ((cur as ts.CallExpression).arguments.some((a) => referencesAny(a, names))) return true;
  }
  return false;
}

/** The shapes that look per item but are not N+1: fixed lists, chunks, loop-carried cursors, first-hit searches. */
function isPerItemWork(loop: PerItemLoop, call: ts.CallExpression, lookup: Lookup, derived: ReadonlySet<string>, checker: ts.TypeChecker): boolean {
  if (isSmallFixedCollection(loop.collection, checker)) return false;
  if (iteratesChunks(loop, checker)) return false;
  // each iteration uses state the previous one wrote (cursor, parent id, running total): sequential by design
  const carried = loopCarriedNames(loop.body);
  if (carried.size > 0) {
    const scope = lookup.call.pos <= call.pos && lookup.call.end >= call.end ? lookup.call : call;
    const used = referencedNames(scope);
    for (const name of used) if (carried.has(name) && !derived.has(name)) return false;
  }
  if (!ts.isCallExpression(loop.loop) && hasEarlyExit(loop.loop)) return false;
  return true;
}

/** `for (const chunk of chunks)` / `batches.map(batch => …)`: each item is already a batch. */
function iteratesChunks(loop: PerItemLoop, checker: ts.TypeChecker): boolean {
  const names = [...loop.itemNames, loop.collection ? dottedName(loop.collection) ?? '' : ''];
  if (names.some((n) => /chunk|batch|page|slice|group|bucket/i.test(n))) return true;
  const decl = itemDeclaration(loop);
  if (!decl) return false;
  try {
    const type = checker.getTypeAtLocation(decl);
    return checker.isArrayType(type);
  } catch {
    return false;
  }
}

function itemDeclaration(loop: PerItemLoop): ts.Node | undefined {
  if (ts.isForOfStatement(loop.loop)) {
    const init = loop.loop.initializer;
    if (ts.isVariableDeclarationList(init) && init.declarations.length === 1 && ts.isIdentifier(init.declarations[0]!.name)) return init.declarations[0]!.name;
    return undefined;
  }
  if (loop.callback) {
    const params = loop.callback.parameters;
    const calleeText = ts.isCallExpression(loop.loop) ? dottedName(loop.loop.expression) ?? '' : '';
    const p = /\.reduce(Right)?$/.test(calleeText) ? params[1] : params[0];
    return p && ts.isIdentifier(p.name) ? p.name : undefined;
  }
  return undefined;
}

function collectionLabel(loop: PerItemLoop): string {
  const c = loop.collection;
  if (!c) return 'the collection';
  const name = dottedName(c);
  if (name) return `\`${name}\``;
  const text = c.getText();
  return text.length <= 40 ? `\`${text}\`` : 'the collection';
}

function report(ctx: RuleContext, loop: PerItemLoop, call: ts.CallExpression, lookup: Lookup | undefined, helper: { name: string; lookup: Lookup } | undefined): void {
  const target = lookup ?? helper!.lookup;
  const coll = collectionLabel(loop);
  const what = target.lib === 'http' ? 'HTTP requests' : target.lib === 'redis' ? 'cache round trips' : 'queries';
  const how = loop.concurrent ? ' (concurrently, still one round trip each)' : '';
  const subject = helper ? `\`${helper.name}\` runs \`${target.label}\`` : `\`${target.label}\` runs`;
  const lib = LIBRARY_LABEL[target.lib];
  const message = `${subject} once per item of ${coll}${how} — N+1 ${what}; use ${target.batched}${target.lib === 'http' ? '' : ` (${lib})`} and look each result up in a Map`;
  const related: { node: ts.Node; message: string }[] = [{ node: loopHeader(loop), message: `loop over ${coll}` }];
  if (helper) related.push({ node: target.call, message: `the ${lib} lookup inside \`${helper.name}\`` });
  const reportNode = lookup ? lookup.call : call;
  ctx.report(reportNode, message, {
    related,
    data: {
      library: target.lib,
      kind: target.kind,
      loopKind: loop.kind,
      concurrent: loop.concurrent,
      collection: loop.collection ? dottedName(loop.collection) : undefined,
      viaHelper: helper?.name,
    },
    fixes: lookup ? batchFixes(ctx, loop, lookup) : [],
  });
}

function loopHeader(loop: PerItemLoop): ts.Node {
  if (ts.isCallExpression(loop.loop)) return loop.loop.expression;
  if (ts.isForOfStatement(loop.loop) || ts.isForInStatement(loop.loop)) return loop.loop.expression;
  return loop.loop;
}
