import { testRule } from './rule-tester';
import { syncIo } from './sync-io';

/** Minimal typings of the Node modules the fixes import from (real projects have @types/node). */
const NODE_SHIM = {
  'src/node-shim.d.ts': `declare module 'fs' {
  export function readFileSync(path: string, encoding?: string): any;
  export function writeFileSync(path: string, data: unknown): void;
  export function existsSync(path: string): boolean;
  export const promises: any;
}
declare module 'node:fs' { export * from 'fs'; }
declare module 'fs/promises' {
  export function readFile(path: string, encoding?: string): Promise<any>;
  export function writeFile(path: string, data: unknown): Promise<void>;
  export function access(path: string): Promise<void>;
}
declare module 'node:fs/promises' { export * from 'fs/promises'; }
declare module 'util' { export function promisify(fn: unknown): (...args: any[]) => Promise<any>; }
declare module 'child_process' {
  export function execSync(command: string, options?: object): any;
  export function exec(command: string, callback?: unknown): unknown;
}
declare module 'crypto' {
  export function pbkdf2Sync(password: string, salt: string, iterations: number, keylen: number, digest: string): any;
  export function pbkdf2(...args: unknown[]): void;
}
`,
};

testRule(syncIo, {
  valid: [
    {
      name: 'readFileSync at module top level (startup)',
      code: `import express from 'express';
import { readFileSync } from 'fs';
const cert = readFileSync('certs/server.pem');
const app = express();
app.get('/health', (req, res) => res.send('ok'));
export { app, cert };
`,
    },
    {
      name: 'CLI script with a shebang',
      code: `#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'fs';
async function main() {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  writeFileSync('dist/version.txt', pkg.version);
}
main();
`,
    },
    {
      name: 'build script under scripts/',
      filename: 'scripts/copy-assets.ts',
      code: `import { copyFileSync, readdirSync } from 'fs';
export async function copyAssets(from: string, to: string) {
  for (const f of readdirSync(from)) copyFileSync(from + '/' + f, to + '/' + f);
}
`,
    },
    {
      name: 'webpack config',
      filename: 'webpack.config.js',
      code: `const fs = require('fs');
module.exports = async () => ({ entry: JSON.parse(fs.readFileSync('entries.json', 'utf8')) });
`,
    },
    {
      name: 'once-memoised lazy read: if (!x) x = readFileSync()',
      code: `import { readFileSync } from 'fs';
import express from 'express';
let template: string | undefined;
const app = express();
app.get('/page', (req, res) => {
  if (!template) template = readFileSync('views/page.html', 'utf8');
  res.send(template);
});
`,
    },
    {
      name: 'once-memoised lazy read with ??=',
      filename: 'src/views.js',
      code: `const fs = require('fs');
let layout;
async function renderLayout(body) {
  layout ??= fs.readFileSync('views/layout.html', 'utf8');
  return layout.replace('{{body}}', body);
}
module.exports = { renderLayout };
`,
    },
    {
      name: 'per-key memo: if (!cache.has(k)) cache.set(k, readFileSync(k))',
      code: `import { readFileSync } from 'fs';
const templates = new Map<string, string>();
export async function template(name: string) {
  if (!templates.has(name)) templates.set(name, readFileSync('views/' + name, 'utf8'));
  return templates.get(name)!;
}
`,
    },
    {
      name: 'exit handler',
      code: `import { writeFileSync } from 'fs';
const stats = { requests: 0 };
process.on('exit', () => {
  writeFileSync('stats.json', JSON.stringify(stats));
});
`,
    },
    {
      name: 'sync helper only called at startup',
      code: `import { readFileSync } from 'fs';
import express from 'express';
function loadConfig(path: string) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
const config = loadConfig('config.json');
const app = express();
app.get('/', (req, res) => res.json({ name: config.name }));
`,
    },
    {
      name: 'async bootstrap run once at top level',
      code: `import { readFileSync } from 'fs';
import https from 'https';
import express from 'express';
async function bootstrap() {
  const app = express();
  const server = https.createServer({ key: readFileSync('key.pem'), cert: readFileSync('cert.pem') }, app);
  server.listen(443);
}
bootstrap().catch((err) => { console.error(err); process.exit(1); });
`,
    },
    {
      name: 'existsSync at startup',
      filename: 'src/server.js',
      code: `const fs = require('fs');
const express = require('express');
if (!fs.existsSync('uploads')) fs.mkdirSync('uploads');
const app = express();
app.post('/upload', (req, res) => res.sendStatus(204));
module.exports = app;
`,
    },
    {
      name: 'small randomFillSync (16 bytes)',
      code: `import { randomFillSync } from 'crypto';
import express from 'express';
const app = express();
app.get('/nonce', (req, res) => {
  res.send(randomFillSync(Buffer.alloc(16)).toString('hex'));
});
`,
    },
    {
      name: 'a *Sync that is not Node I/O (Effect.runSync, own function)',
      code: `import { Effect } from 'effect';
function renderSync(view: string) { return '<p>' + view + '</p>'; }
export async function handle(view: string) {
  const n = Effect.runSync(Effect.succeed(1));
  return renderSync(view) + n;
}
`,
    },
    {
      name: 'fs.promises in a handler',
      code: `import express from 'express';
import fs from 'fs';
const app = express();
app.get('/report', async (req, res) => {
  res.send(await fs.promises.readFile('report.html', 'utf8'));
});
`,
    },
    {
      name: 'test file',
      filename: 'src/report.test.ts',
      code: `import { readFileSync } from 'fs';
export async function loadFixture() {
  return readFileSync('fixtures/report.json', 'utf8');
}
`,
    },
    {
      name: 'helper reached through a memo guard',
      code: `import { readFileSync } from 'fs';
import express from 'express';
function loadSettings() {
  return JSON.parse(readFileSync('settings.json', 'utf8'));
}
let settings: { theme: string } | undefined;
const app = express();
app.get('/theme', (req, res) => {
  settings ??= loadSettings();
  res.send(settings!.theme);
});
`,
    },
    {
      name: 'helper used only from a script in another file',
      code: `import { readFileSync } from 'fs';
export async function readSeed(name: string) {
  return JSON.parse(readFileSync('seeds/' + name, 'utf8'));
}
`,
      filename: 'src/seed-data.ts',
      files: {
        'scripts/seed.ts': `import { readSeed } from '../src/seed-data';
export async function seed() { console.log(await readSeed('users.json')); }
`,
      },
    },
    {
      name: 'map.get with a path-looking key is not a route',
      code: `import { readFileSync } from 'fs';
const loaders = new Map<string, () => string>();
loaders.set('/home', () => readFileSync('home.html', 'utf8'));
export const home = loaders.get('/home');
`,
    },
    {
      name: 'cleanup in a listen callback (runs once)',
      filename: 'src/demo-server.js',
      code: `const http = require('http');
const fs = require('fs');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, async () => {
  await new Promise((r) => setTimeout(r, 10));
  server.close();
  fs.rmSync('tmp/demo', { recursive: true, force: true });
});
`,
    },
    {
      name: 'existsSync in an async helper that is not on a request path',
      code: `import { existsSync } from 'fs';
export async function resolveConfigPath(dir: string) {
  return existsSync(dir + '/app.json') ? dir + '/app.json' : undefined;
}
`,
    },
  ],
  invalid: [
    {
      name: "Express async handler, fs namespace import: safe fs.promises fix",
      code: `import express from 'express';
import * as fs from 'fs';

const app = express();
app.get('/users/:id/avatar', async (req, res) => {
  const meta = JSON.parse(fs.readFileSync('avatars/' + req.params.id + '.json', 'utf8'));
  res.json(meta);
});
`,
      files: NODE_SHIM,
      errors: [{ line: 6, column: 27, message: "`readFileSync` in the route handler `GET /users/:id/avatar` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await readFile(…)` from fs/promises",
          kind: 'safe',
          output: `import express from 'express';
import * as fs from 'fs';

const app = express();
app.get('/users/:id/avatar', async (req, res) => {
  const meta = JSON.parse(await fs.promises.readFile('avatars/' + req.params.id + '.json', 'utf8'));
  res.json(meta);
});
`,
        },
      ],
    },
    {
      name: "async function, named import: adds the fs/promises import",
      code: `import { readFileSync } from 'node:fs';

export async function loadInvoice(id: string) {
  const raw = readFileSync(\`invoices/\${id}.json\`, 'utf8');
  return JSON.parse(raw);
}
`,
      files: NODE_SHIM,
      errors: [{ line: 4, column: 15, message: "`readFileSync` in async function `loadInvoice` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await readFile(…)` from fs/promises",
          kind: 'safe',
          output: `import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export async function loadInvoice(id: string) {
  const raw = await readFile(\`invoices/\${id}.json\`, 'utf8');
  return JSON.parse(raw);
}
`,
        },
      ],
    },
    {
      name: "helper in the same file called by a route handler",
      code: `import express from 'express';
import { readFileSync } from 'fs';

function renderTemplate(name: string, vars: Record<string, string>) {
  const html = readFileSync('views/' + name + '.html', 'utf8');
  return html.replace(/{{(\\w+)}}/g, (_, k) => vars[k] ?? '');
}

const router = express.Router();
router.get('/welcome', (req, res) => {
  res.send(renderTemplate('welcome', { user: String(req.query.user) }));
});
export default router;
`,
      errors: [{ line: 5, column: 16, message: "`readFileSync` in `renderTemplate` (called from the route handler `GET /welcome`) blocks the event loop until the disk answers" }],
    },
    {
      name: "helper in another file called by a route",
      filename: "src/templates.ts",
      code: `import { readFileSync } from 'fs';

export function loadTemplate(name: string) {
  return readFileSync('views/' + name + '.html', 'utf8');
}
`,
      files: {
        "src/routes.ts": `import express from 'express';
import { loadTemplate } from './templates';
export const router = express.Router();
router.get('/about', (req, res) => res.send(loadTemplate('about')));
`,
      },
      errors: [{ line: 4, column: 10, message: "`readFileSync` in `loadTemplate` (called from the route handler `GET /about`) blocks the event loop until the disk answers" }],
    },
    {
      name: "alias through destructured require in JS",
      filename: "src/server.js",
      code: `const express = require('express');
const { readFileSync: read } = require('fs');

const app = express();
app.get('/terms', function (req, res) {
  res.type('html').send(read('static/terms.html'));
});
module.exports = app;
`,
      errors: [{ line: 6, column: 25, message: "`readFileSync` in the route handler `GET /terms` blocks the event loop until the disk answers" }],
    },
    {
      name: "Koa middleware",
      code: `import Koa from 'koa';
import fs from 'fs';

const app = new Koa();
app.use(async (ctx, next) => {
  ctx.state.flags = JSON.parse(fs.readFileSync('flags.json', 'utf8'));
  await next();
});
`,
      files: NODE_SHIM,
      errors: [{ line: 6, column: 32, message: "`readFileSync` in a middleware blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await readFile(…)` from fs/promises",
          kind: 'safe',
          output: `import Koa from 'koa';
import fs from 'fs';

const app = new Koa();
app.use(async (ctx, next) => {
  ctx.state.flags = JSON.parse(await fs.promises.readFile('flags.json', 'utf8'));
  await next();
});
`,
        },
      ],
    },
    {
      name: "Fastify route with execSync: promisified exec",
      code: `import Fastify from 'fastify';
import { execSync } from 'child_process';

const fastify = Fastify();
fastify.get('/version', async (request, reply) => {
  const sha = execSync('git rev-parse HEAD').toString().trim();
  return { sha };
});
`,
      files: NODE_SHIM,
      errors: [{ line: 6, column: 15, message: "`execSync` in the route handler `GET /version` blocks the event loop until the child process exits" }],
      fixes: [
        {
          title: "Await the callback API `exec` through `promisify`",
          kind: 'suggestion',
          output: `import Fastify from 'fastify';
import { execSync, exec } from 'child_process';
import { promisify } from 'util';

const fastify = Fastify();
fastify.get('/version', async (request, reply) => {
  const sha = (await promisify(exec)('git rev-parse HEAD')).stdout.toString().trim();
  return { sha };
});
`,
        },
      ],
    },
    {
      name: "NestJS controller method",
      code: `import { Controller, Get, Param } from '@nestjs/common';
import { readFileSync } from 'fs';

@Controller('docs')
export class DocsController {
  @Get(':slug')
  find(@Param('slug') slug: string) {
    return readFileSync('docs/' + slug + '.md', 'utf8');
  }
}
`,
      errors: [{ line: 8, column: 12, message: "`readFileSync` in the NestJS handler `find` blocks the event loop until the disk answers" }],
    },
    {
      name: "Next.js app route handler",
      filename: "app/api/report/route.ts",
      code: `import { readFileSync } from 'fs';

export async function GET(req: Request) {
  const csv = readFileSync('data/report.csv', 'utf8');
  return new Response(csv, { headers: { 'content-type': 'text/csv' } });
}
`,
      files: NODE_SHIM,
      errors: [{ line: 4, column: 15, message: "`readFileSync` in the Next.js route handler `GET` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await readFile(…)` from fs/promises",
          kind: 'safe',
          output: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';

export async function GET(req: Request) {
  const csv = await readFile('data/report.csv', 'utf8');
  return new Response(csv, { headers: { 'content-type': 'text/csv' } });
}
`,
        },
      ],
    },
    {
      name: "Next.js pages/api default export (JS)",
      filename: "pages/api/stats.js",
      code: `import fs from 'fs';

export default function handler(req, res) {
  const stats = fs.statSync('uploads');
  res.status(200).json({ size: stats.size });
}
`,
      errors: [{ line: 4, column: 17, message: "`statSync` in the Next.js API route `handler` blocks the event loop until the disk answers" }],
    },
    {
      name: "plain http server with gzipSync",
      code: `import http from 'http';
import zlib from 'zlib';

const body = JSON.stringify({ items: new Array(1000).fill('x') });
http.createServer((req, res) => {
  res.setHeader('content-encoding', 'gzip');
  res.end(zlib.gzipSync(body));
}).listen(8080);
`,
      errors: [{ line: 7, column: 11, message: "`gzipSync` in an http server handler blocks the event loop until the (de)compression finishes" }],
    },
    {
      name: "socket.io event handler",
      code: `import { Server } from 'socket.io';
import { appendFileSync } from 'fs';

const io = new Server(3000);
io.on('connection', (socket) => {
  socket.on('chat', (msg: string) => {
    appendFileSync('chat.log', msg + '\\n');
    io.emit('chat', msg);
  });
});
`,
      errors: [{ line: 7, column: 5, message: "`appendFileSync` in a socket handler blocks the event loop until the disk answers" }],
    },
    {
      name: "bullmq worker with execSync",
      code: `import { Worker } from 'bullmq';
import { execSync } from 'child_process';

new Worker('thumbnails', async (job) => {
  execSync(\`convert \${job.data.src} -resize 200x200 \${job.data.dest}\`);
});
`,
      files: NODE_SHIM,
      errors: [{ line: 5, column: 3, message: "`execSync` in a queue handler blocks the event loop until the child process exits" }],
      fixes: [
        {
          title: "Await the callback API `exec` through `promisify`",
          kind: 'suggestion',
          output: `import { Worker } from 'bullmq';
import { execSync, exec } from 'child_process';
import { promisify } from 'util';

new Worker('thumbnails', async (job) => {
  await promisify(exec)(\`convert \${job.data.src} -resize 200x200 \${job.data.dest}\`);
});
`,
        },
      ],
    },
    {
      name: "bcrypt compareSync in a login handler",
      code: `import express from 'express';
import bcrypt from 'bcrypt';

const users = new Map<string, { hash: string }>();
const app = express();
app.post('/login', (req, res) => {
  const user = users.get(req.body.email);
  const ok = !!user && bcrypt.compareSync(req.body.password, user.hash);
  res.sendStatus(ok ? 204 : 401);
});
`,
      errors: [{ line: 8, column: 24, message: "`compareSync` in the route handler `POST /login` blocks the event loop until the bcrypt hash finishes" }],
    },
    {
      name: "pbkdf2Sync in an async function: promisify fix",
      code: `import crypto from 'crypto';

export async function hashPassword(password: string, salt: string) {
  const key = crypto.pbkdf2Sync(password, salt, 310000, 32, 'sha256');
  return key.toString('hex');
}
`,
      files: NODE_SHIM,
      errors: [{ line: 4, column: 15, message: "`pbkdf2Sync` in async function `hashPassword` blocks the event loop until the key derivation finishes" }],
      fixes: [
        {
          title: "Await the callback API `pbkdf2` through `promisify`",
          kind: 'suggestion',
          output: `import crypto from 'crypto';
import { promisify } from 'util';

export async function hashPassword(password: string, salt: string) {
  const key = await promisify(crypto.pbkdf2)(password, salt, 310000, 32, 'sha256');
  return key.toString('hex');
}
`,
        },
      ],
    },
    {
      name: "existsSync in an async handler: access fix",
      code: `import express from 'express';
import { existsSync } from 'fs';

const app = express();
app.get('/files/:name', async (req, res) => {
  if (!existsSync('files/' + req.params.name)) return res.sendStatus(404);
  res.sendFile(req.params.name, { root: 'files' });
});
`,
      files: NODE_SHIM,
      errors: [{ line: 6, column: 8, message: "`existsSync` in the route handler `GET /files/:name` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await access(…)` from fs/promises instead of `existsSync`",
          kind: 'suggestion',
          output: `import express from 'express';
import { existsSync } from 'fs';
import { access } from 'fs/promises';

const app = express();
app.get('/files/:name', async (req, res) => {
  if (!(await access('files/' + req.params.name).then(() => true, () => false))) return res.sendStatus(404);
  res.sendFile(req.params.name, { root: 'files' });
});
`,
        },
      ],
    },
    {
      name: "named handler registered by reference",
      filename: "src/users.js",
      code: `const express = require('express');
const fs = require('fs');

function listUsers(req, res) {
  const users = JSON.parse(fs.readFileSync('users.json', 'utf8'));
  res.json(users);
}

const router = express.Router();
router.get('/users', listUsers);
module.exports = router;
`,
      errors: [{ line: 5, column: 28, message: "`readFileSync` in the route handler `GET /users` blocks the event loop until the disk answers" }],
    },
    {
      name: "two helpers deep",
      code: `import express from 'express';
import { readdirSync } from 'fs';

function listDir(dir: string) {
  return readdirSync(dir);
}
function listReports() {
  return listDir('reports').filter((f) => f.endsWith('.pdf'));
}
const app = express();
app.get('/reports', (req, res) => res.json(listReports()));
`,
      errors: [{ line: 5, column: 10, message: "`readdirSync` in `listDir` (called from the route handler `GET /reports` through 1 more helper(s)) blocks the event loop until the disk answers" }],
    },
    {
      name: "large randomFillSync in a handler",
      code: `import express from 'express';
import { randomFillSync } from 'crypto';

const app = express();
app.get('/noise', (req, res) => {
  const buf = Buffer.alloc(1 << 20);
  randomFillSync(buf);
  res.send(buf);
});
`,
      errors: [{ line: 7, column: 3, message: "`randomFillSync` in the route handler `GET /noise` blocks the event loop until the random bytes are generated" }],
    },
    {
      name: "write in an async function: suggestion (interleaving)",
      code: `import * as fs from 'fs';

export async function saveUpload(path: string, body: string) {
  fs.writeFileSync(path, body);
  return { saved: path };
}
`,
      files: NODE_SHIM,
      errors: [{ line: 4, column: 3, message: "`writeFileSync` in async function `saveUpload` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await writeFile(…)` from fs/promises",
          kind: 'suggestion',
          output: `import * as fs from 'fs';

export async function saveUpload(path: string, body: string) {
  await fs.promises.writeFile(path, body);
  return { saved: path };
}
`,
        },
      ],
    },
    {
      name: "amqplib consumer",
      filename: "src/consumer.js",
      code: `const amqp = require('amqplib');
const fs = require('fs');

async function start() {
  const conn = await amqp.connect('amqp://localhost');
  const channel = await conn.createChannel();
  channel.consume('exports', (msg) => {
    fs.writeFileSync('exports/' + msg.properties.messageId, msg.content);
    channel.ack(msg);
  });
}
start();
`,
      errors: [{ line: 8, column: 5, message: "`writeFileSync` in a queue handler blocks the event loop until the disk answers" }],
    },
    {
      name: "read and write in one async handler: read is a suggestion",
      code: `import { readFileSync, writeFileSync } from 'fs';

export async function addTodo(text: string) {
  const todos = JSON.parse(readFileSync('todos.json', 'utf8'));
  todos.push({ text });
  writeFileSync('todos.json', JSON.stringify(todos));
}
`,
      files: NODE_SHIM,
      errors: [{ line: 4, column: 28, message: "`readFileSync` in async function `addTodo` blocks the event loop until the disk answers" }, { line: 6, column: 3, message: "`writeFileSync` in async function `addTodo` blocks the event loop until the disk answers" }],
      fixes: [
        {
          title: "Use `await readFile(…)` from fs/promises",
          kind: 'suggestion',
          output: `import { readFileSync, writeFileSync } from 'fs';
import { readFile } from 'fs/promises';

export async function addTodo(text: string) {
  const todos = JSON.parse(await readFile('todos.json', 'utf8'));
  todos.push({ text });
  writeFileSync('todos.json', JSON.stringify(todos));
}
`,
        },
      ],
    },
  ],
});
