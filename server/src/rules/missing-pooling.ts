/**
 * missing-pooling: a DB/cache/HTTP connection, pool, client or agent created per request, per call or
 * per iteration, where one long-lived pool would be reused. Points at the constructor/factory call.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext, RuleDocs } from './rule';
import { calleeName, dottedName, enclosingFunction, skipOuter } from './util/syntax';
import { enclosingLoops, iteratedExpression } from './util/loops';
import { resolveLibraryOrigin as resolveOrigin } from './util/data-layer-instances';
import { CONNECTION_MODULE_PATTERN, type Factory, factoryFor } from './util/data-layers';
import { functionName, lifetimeOf, type Lifetime } from './util/connection-lifetime';
import { poolFixes } from './util/pool-fix';

const KNOWN_CLASS_NAMES = new Set(['Pool', 'Client', 'PrismaClient', 'MongoClient', 'Redis', 'Cluster', 'Sequelize', 'DataSource', 'Agent']);
const FACTORY_CALL_NAMES = new Set(['createPool', 'createPoolCluster', 'createConnection', 'createClient', 'createCluster', 'connect', 'knex']);
const TEST_OR_SCRIPT_PATH = /(^|\/)(test|tests|__tests__|__mocks__|spec|e2e|scripts?|bin|migrations?|seeds?|fixtures|tools)\/|\.(test|spec|e2e)\.[cm]?[jt]sx?$|(^|\/)(jest|vitest|playwright|knexfile)\.[\w.]*$/;

const docs: RuleDocs = {
  why:
    'Opening a connection costs a TCP handshake, often TLS, authentication and session setup: 5–50 ms for Postgres/MySQL/Mongo, ' +
    'more across regions, and the server spends a process or thread per connection. A client created per request, per call or per ' +
    'loop iteration pays that every time, can exhaust `max_connections` under load, and leaks sockets when an error skips `end()`. ' +
    'A pool (pg `Pool`, mysql2 `createPool`, one `PrismaClient`/`MongoClient`/Redis client, a keep-alive `Agent`) created once per ' +
    'process reuses warm connections.',
  bad: [
    `import express from 'express';
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
    `import { PrismaClient } from '@prisma/client';

export async function getUser(id: number) {
  const prisma = new PrismaClient();
  return prisma.user.findUnique({ where: { id } });
}
`,
    `const https = require('https');

async function fetchAll(urls) {
  const out = [];
  for (const url of urls) {
    out.push(await new Promise((resolve) => https.get(url, { agent: new https.Agent({ keepAlive: true }) }, resolve)));
  }
  return out;
}

module.exports = { fetchAll };
`,
  ],
  good: [
    `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();

app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});
`,
    `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function getUser(id: number) {
  return prisma.user.findUnique({ where: { id } });
}
`,
    `const https = require('https');

const agent = new https.Agent({ keepAlive: true });

async function fetchAll(urls) {
  const out = [];
  for (const url of urls) out.push(await new Promise((resolve) => https.get(url, { agent }, resolve)));
  return out;
}

module.exports = { fetchAll };
`,
  ],
  lookAlikes: [
    // lazy singleton
    `import { Pool } from 'pg';

let pool: Pool | undefined;

export function db() {
  if (!pool) pool = new Pool();
  return pool;
}
`,
    // per-tenant pools cached in a Map
    `import { Pool } from 'pg';

const pools = new Map<string, Pool>();

export function poolFor(tenant: { id: string; url: string }) {
  let pool = pools.get(tenant.id);
  if (!pool) {
    pool = new Pool({ connectionString: tenant.url });
    pools.set(tenant.id, pool);
  }
  return pool;
}
`,
    // a dedicated long-lived LISTEN connection
    `import { Client } from 'pg';

export async function listen(onEvent: (payload: string) => void) {
  const client = new Client();
  await client.connect();
  client.on('notification', (msg) => onEvent(msg.payload ?? ''));
  await client.query('LISTEN events');
}
`,
    // created once at startup
    `import { MongoClient } from 'mongodb';
import express from 'express';

async function main() {
  const client = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost');
  await client.connect();
  const app = express();
  app.get('/health', (_req, res) => res.json({ ok: true }));
  app.listen(3000);
}

main();
`,
  ],
};

export const missingPooling: Rule = {
  id: 'missing-pooling',
  meta: {
    severity: 'warning',
    requiresTypes: false,
    fix: 'suggestion',
    description: 'A database, cache or HTTP connection, pool or agent created per request, per call or per iteration',
  },
  docs,
  kinds: [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression],
  check(ctx) {
    if (TEST_OR_SCRIPT_PATH.test(ctx.fileName.replace(/\\/g, '/')) || ctx.text.startsWith('#!')) return;
    // cheap text pre-filter: a data-layer module is imported here, or a well-known client class is re-exported to here
    const mentionsLibrary = CONNECTION_MODULE_PATTERN.test(ctx.text);
    for (const node of ctx.nodes(ts.SyntaxKind.NewExpression)) {
      if (mentionsLibrary || KNOWN_CLASS_NAMES.has(calleeName(node as ts.NewExpression) ?? '')) checkCreation(ctx, node as ts.NewExpression);
    }
    if (!mentionsLibrary) return;
    for (const node of ctx.nodes(ts.SyntaxKind.CallExpression)) {
      const call = node as ts.CallExpression;
      const name = calleeName(call) ?? '';
      const callee = skipOuter(call.expression);
      if (FACTORY_CALL_NAMES.has(name) || ts.isIdentifier(callee) || ts.isCallExpression(callee)) checkCreation(ctx, call);
      else if (name === 'request' || name === 'get') checkHttpRequest(ctx, call);
    }
  },
};

function checkCreation(ctx: RuleContext, node: ts.NewExpression | ts.CallExpression): void {
  // module scope, outside loops: created once per process
  if (!enclosingFunction(node) && enclosingLoops(node).length === 0) return;
  const origin = resolveOrigin(node.expression, ctx.checker);
  if (!origin) return;
  const factory = factoryFor(origin.module, origin.path, ts.isNewExpression(node) ? 'new' : 'call');
  if (!factory?.creates) return;
  const lifetime = lifetimeOf(node);
  if (!lifetime) return;
  const what = creationText(node);
  ctx.report(node, `${what} ${opens(factory)} ${when(lifetime)} — a new handshake and socket each time and nothing reused; ${advice(factory)}`, {
    related: relatedFor(lifetime),
    data: { library: factory.lib, creates: factory.creates, lifetime: lifetime.kind },
    fixes: poolFixes(ctx, node, factory, lifetime),
  });
}

/** `http.request(…)` / `https.get(…)` in a loop without a keep-alive agent: a new socket per request. */
function checkHttpRequest(ctx: RuleContext, call: ts.CallExpression): void {
  const loops = enclosingLoops(call);
  if (loops.length === 0) return;
  const origin = resolveOrigin(call.expression, ctx.checker);
  if (!origin || (origin.module !== 'http' && origin.module !== 'https')) return;
  const path = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  if (path.length !== 1 || (path[0] !== 'request' && path[0] !== 'get')) return;
  const options = call.arguments.find((a) => ts.isObjectLiteralExpression(skipOuter(a))) as ts.Expression | undefined;
  const agentProp = options && (skipOuter(options) as ts.ObjectLiteralExpression).properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'agent');
  if (agentProp) {
    const value = ts.isPropertyAssignment(agentProp) ? skipOuter(agentProp.initializer) : undefined;
    if (!value || value.kind !== ts.SyntaxKind.FalseKeyword) return; // a shared agent: pooled
  } else if (call.arguments.some((a) => !ts.isObjectLiteralExpression(skipOuter(a)) && !ts.isStringLiteralLike(skipOuter(a)) && !ts.isTemplateExpression(skipOuter(a)) && !ts.isArrowFunction(a) && !ts.isFunctionExpression(a) && !ts.isIdentifier(skipOuter(a)))) {
    return; // options built elsewhere: may carry an agent
  }
  const loop = loops[0]!;
  const coll = iteratedExpression(loop);
  const collText = coll ? dottedName(coll) : undefined;
  ctx.report(
    call,
    `\`${origin.module}.${path[0]}\` opens a new socket on every iteration${collText ? ` over \`${collText}\`` : ''} without a keep-alive agent — a TCP${origin.module === 'https' ? '/TLS' : ''} handshake per request; pass one shared \`new ${origin.module}.Agent({ keepAlive: true })\` as \`agent\``,
    { related: [{ node: loop, message: 'the loop' }], data: { library: 'http', creates: 'socket', lifetime: 'per-iteration' } },
  );
}

function creationText(node: ts.NewExpression | ts.CallExpression): string {
  const callee = node.expression.getText();
  const short = callee.length <= 40 ? callee : calleeName(node) ?? 'call';
  return ts.isNewExpression(node) ? `\`new ${short}()\`` : `\`${short}()\``;
}

function opens(f: Factory): string {
  switch (f.creates) {
    case 'pool':
      return `creates a new ${f.label} (its own connections)`;
    case 'connection':
      return `opens a new ${f.label}`;
    case 'agent':
      return `creates a new ${f.label} (its own socket pool)`;
    default:
      return `creates a new ${f.label} (its own connections)`;
  }
}

function when(l: Lifetime): string {
  switch (l.kind) {
    case 'per-iteration': {
      const coll = iteratedExpression(l.loop);
      const name = coll ? dottedName(coll) : undefined;
      return name ? `on every iteration over \`${name}\`` : 'on every loop iteration';
    }
    case 'per-request':
      return `for every request handled by ${nameOf(l.fn) ?? 'this handler'}`;
    case 'per-call':
      return `on every call of ${nameOf(l.fn) ?? 'this function'}`;
    case 'factory-per-request':
      return `on every call of ${nameOf(l.fn) ?? 'this factory'}, which runs per request (line ${l.callSite.getSourceFile().getLineAndCharacterOfPosition(l.callSite.getStart()).line + 1})`;
  }
}

function nameOf(fn: Parameters<typeof functionName>[0]): string | undefined {
  const n = functionName(fn);
  return n ? `\`${n}\`` : undefined;
}

function advice(f: Factory): string {
  if (f.lib === 'pg' && f.creates === 'connection') return 'use one `Pool` created once at module scope (`pool.query`)';
  if (f.lib === 'mysql' && f.creates === 'connection') return 'use one `createPool` created once at module scope';
  if (f.lib === 'mongoose') return 'connect once at startup and reuse the connection';
  if (f.creates === 'agent') return `create one keep-alive ${f.label} at module scope and reuse it`;
  return `create one ${f.label} at module scope (lazily) and reuse it`;
}

function relatedFor(l: Lifetime): { node: ts.Node; message: string }[] {
  switch (l.kind) {
    case 'per-iteration':
      return [{ node: l.loop, message: 'the loop' }];
    case 'per-request':
      return [{ node: l.fn, message: 'the request handler' }];
    case 'per-call':
      return [{ node: l.fn, message: 'the function that creates it on every call' }];
    case 'factory-per-request':
      return [{ node: l.callSite, message: 'called per request here' }];
  }
}
