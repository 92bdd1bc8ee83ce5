import { testRule } from './rule-tester';
import { serialAwait } from './serial-await';

testRule(serialAwait, {
  valid: [
  {
    name: 'test files loaded one by one through a helper that calls toString (mocha-style ESM loader, JS)',
    filename: 'lib/esm-utils.js',
    code: `const path = require('path');
const { pathToFileURL } = require('url');

exports.requireOrImport = async (file) => {
  const url = pathToFileURL(file).toString();
  return import(url);
};

exports.loadFilesAsync = async (files, preLoadFunc, postLoadFunc) => {
  for (const file of files) {
    preLoadFunc(file);
    const result = await exports.requireOrImport(path.resolve(file));
    postLoadFunc(file, result);
  }
};
`,
  },
  {
    name: 'cursor pagination in a do/while',
    code: `export async function allCustomers(api: string) {
  const out: unknown[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(api + '/customers?after=' + (cursor ?? ''));
    const page = await res.json();
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
`,
  },
  {
    name: 'first mirror that answers: return on success',
    code: `export async function fetchFirst(mirrors: string[]) {
  for (const mirror of mirrors) {
    const res = await fetch(mirror + '/release.json');
    if (res.ok) return res.json();
  }
  throw new Error('all mirrors failed');
}
`,
  },
  {
    name: 'rate-limited with a sleep between calls',
    code: `import axios from 'axios';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function postSlowly(messages: string[]) {
  for (const text of messages) {
    await axios.post('https://hooks.example.com/notify', { text });
    await sleep(250);
  }
}
`,
  },
  {
    name: 'for await over a stream',
    code: `import { createReadStream } from 'fs';
import { createInterface } from 'readline';
export async function forward(path: string) {
  const lines = createInterface({ input: createReadStream(path) });
  for await (const line of lines) {
    await fetch('https://ingest.example.com', { method: 'POST', body: line });
  }
}
`,
  },
  {
    name: 'each iteration uses the token returned by the previous one',
    code: `export async function replay(events: { body: string }[]) {
  let token = 'start';
  for (const ev of events) {
    const res = await fetch('https://api.example.com/replay', { method: 'POST', headers: { 'x-token': token }, body: ev.body });
    token = res.headers.get('x-next-token') ?? token;
  }
}
`,
  },
  {
    name: 'ordered appends to one log file',
    code: `import { appendFile } from 'fs/promises';
export async function writeLog(lines: string[]) {
  for (const line of lines) {
    await appendFile('audit.log', line + '\\n');
  }
}
`,
  },
  {
    name: 'writes to one stream in order',
    filename: 'src/export.js',
    code: `import fs from 'fs';
export async function exportRows(rows, path) {
  const handle = await fs.promises.open(path, 'w');
  for (const row of rows) {
    await handle.write(JSON.stringify(row) + '\\n');
  }
  await handle.close();
}
`,
  },
  {
    name: 'chunks already sent with Promise.all',
    code: `import axios from 'axios';
export async function pushAll(urls: string[][]) {
  for (const chunk of urls) {
    await Promise.all(chunk.map((u) => axios.post(u)));
  }
}
`,
  },
  {
    name: 'p-limit limiter',
    code: `import pLimit from 'p-limit';
const limit = pLimit(4);
export async function crawl(urls: string[]) {
  for (const url of urls) {
    await limit(() => fetch(url));
  }
}
`,
  },
  {
    name: 'inside a transaction',
    code: `import { uploadReceipt } from './receipts';
export async function storeAll(db: any, receipts: { id: string; pdf: Buffer }[]) {
  await db.transaction(async (trx: unknown) => {
    for (const r of receipts) {
      await uploadReceipt(r.id, r.pdf, trx);
    }
  });
}
`,
    files: {
      'src/receipts.ts': `export async function uploadReceipt(id: string, pdf: Buffer, trx: unknown) {
  await fetch('https://files.example.com/' + id, { method: 'PUT', body: pdf });
  return trx;
}
`,
    },
  },
  {
    name: 'ordered steps: each item is the work',
    code: `export async function migrate(migrations: { name: string; up(): Promise<void> }[]) {
  for (const migration of migrations) {
    await migration.up();
  }
}
`,
  },
  {
    name: 'per-item database lookups are n-plus-one territory',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function loadUsers(ids: number[]) {
  const users = [];
  for (const id of ids) {
    const { rows } = await pool.query('select * from users where id = $1', [id]);
    users.push(rows[0]);
  }
  return users;
}
`,
  },
  {
    name: 'one browser page navigated in order',
    code: `import puppeteer from 'puppeteer';
export async function screenshots(urls: string[]) {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  for (const url of urls) {
    await page.goto(url);
    await page.screenshot({ path: encodeURIComponent(url) + '.png' });
  }
  await browser.close();
}
`,
  },
  {
    name: 'small fixed list of directories',
    code: `import { mkdir } from 'fs/promises';
export async function prepare() {
  for (const dir of ['logs', 'logs/archive']) {
    await mkdir(dir, { recursive: true });
  }
}
`,
  },
  {
    name: 'retry loop with attempts',
    code: `export async function fetchWithRetry(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url);
    } catch {
      continue;
    }
  }
  throw new Error('gave up');
}
`,
  },
  {
    name: 'polling until done',
    filename: 'src/poll.js',
    code: `async function waitForJob(id) {
  let done = false;
  while (!done) {
    const res = await fetch('https://jobs.example.com/' + id);
    done = (await res.json()).state === 'done';
  }
}
module.exports = waitForJob;
`,
  },
  {
    name: 'dedupe set read and written across iterations',
    code: `export async function fetchUniqueHosts(urls: string[]) {
  const seen = new Set<string>();
  for (const url of urls) {
    const host = new URL(url).host;
    if (seen.has(host)) continue;
    seen.add(host);
    await fetch('https://' + host + '/robots.txt');
  }
}
`,
  },
  {
    name: 'async generator yields each response',
    code: `export async function* responses(urls: string[]) {
  for (const url of urls) {
    yield await fetch(url);
  }
}
`,
  },
  {
    name: 'chunked batches of e-mails',
    code: `import sgMail from '@sendgrid/mail';
import { chunk } from 'lodash';
export async function newsletter(recipients: string[]) {
  for (const group of chunk(recipients, 500)) {
    await sgMail.send({ to: group, from: 'news@example.com', subject: 'News', text: '…' });
  }
}
`,
  },
  {
    name: 'test file looping over cases',
    filename: 'src/api.test.ts',
    code: `const cases = ['/a', '/b', '/c', '/d'];
export async function run() {
  for (const path of cases) {
    await fetch('http://localhost:3000' + path);
  }
}
`,
  },
  ],
  invalid: [
    {
      name: "fetch per webhook URL, one-statement body",
      code: `export async function notifyAll(urls: string[], event: object) {
  for (const url of urls) {
    await fetch(url, { method: 'POST', body: JSON.stringify(event) });
  }
}
`,
      errors: [{ line: 3, column: 11, message: "`fetch` (an HTTP request) is awaited once per item of `urls`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `export async function notifyAll(urls: string[], event: object) {
  await Promise.all(urls.map((url) => fetch(url, { method: 'POST', body: JSON.stringify(event) })));
}
`,
        },
        {
          title: "Run the iterations with at most 8 in flight (inline worker pool)",
          kind: 'suggestion',
          output: `export async function notifyAll(urls: string[], event: object) {
  await mapWithConcurrency(urls, 8, (url) => fetch(url, { method: 'POST', body: JSON.stringify(event) }));
}

/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function mapWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T) => R): Promise<Awaited<R>[]> {
  const list = Array.from(items);
  const results: Awaited<R>[] = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      results[index] = await fn(list[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
`,
        },
      ],
    },
    {
      name: "axios health checks, results pushed",
      code: `import axios from 'axios';

export async function checkServices(services: { name: string; url: string }[]) {
  const results: { name: string; ok: boolean }[] = [];
  for (const svc of services) {
    const res = await axios.get(svc.url + '/health', { timeout: 2000 });
    results.push({ name: svc.name, ok: res.status === 200 });
  }
  return results;
}
`,
      errors: [{ line: 6, column: 23, message: "`axios.get` (an HTTP request) is awaited once per item of `services`, one after another" }],
    },
    {
      name: "S3 uploads with an SDK client",
      code: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'fs/promises';

const s3 = new S3Client({ region: 'eu-west-1' });

export async function uploadAll(paths: string[]) {
  for (const path of paths) {
    const body = await readFile(path);
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: path, Body: body }));
  }
}
`,
      errors: [{ line: 8, column: 24, message: "`readFile` (a file operation) is awaited once per item of `paths`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'fs/promises';

const s3 = new S3Client({ region: 'eu-west-1' });

export async function uploadAll(paths: string[]) {
  await Promise.all(paths.map(async (path) => {
    const body = await readFile(path);
    await s3.send(new PutObjectCommand({ Bucket: 'assets', Key: path, Body: body }));
  }));
}
`,
        },
      ],
    },
    {
      name: "nodemailer transporter created at module level",
      filename: "src/mailer.js",
      code: `const nodemailer = require('nodemailer');
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });

async function sendReminders(users) {
  for (const user of users) {
    await transporter.sendMail({ to: user.email, subject: 'Reminder', text: 'Your trial ends soon' });
  }
}
module.exports = { sendReminders };
`,
      errors: [{ line: 6, column: 11, message: "`transporter.sendMail` (an e-mail) is awaited once per item of `users`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `const nodemailer = require('nodemailer');
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });

async function sendReminders(users) {
  await Promise.all([...users].map((user) => transporter.sendMail({ to: user.email, subject: 'Reminder', text: 'Your trial ends soon' })));
}
module.exports = { sendReminders };
`,
        },
        {
          title: "Run the iterations with at most 8 in flight (inline worker pool)",
          kind: 'suggestion',
          output: `const nodemailer = require('nodemailer');
const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });

async function sendReminders(users) {
  await mapWithConcurrency(users, 8, (user) => transporter.sendMail({ to: user.email, subject: 'Reminder', text: 'Your trial ends soon' }));
}
module.exports = { sendReminders };

/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function mapWithConcurrency(items, limit, fn) {
  const list = Array.from(items);
  const results = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      results[index] = await fn(list[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
`,
        },
      ],
    },
    {
      name: "helper in the same file does the HTTP call",
      code: `async function postToSlack(channel: string, text: string) {
  const res = await fetch('https://slack.example.com/api/chat.postMessage', { method: 'POST', body: JSON.stringify({ channel, text }) });
  return res.ok;
}

export async function announce(channels: string[], text: string) {
  for (const channel of channels) {
    await postToSlack(channel, text);
  }
}
`,
      errors: [{ line: 8, column: 11, message: "`postToSlack` (an HTTP request inside) is awaited once per item of `channels`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `async function postToSlack(channel: string, text: string) {
  const res = await fetch('https://slack.example.com/api/chat.postMessage', { method: 'POST', body: JSON.stringify({ channel, text }) });
  return res.ok;
}

export async function announce(channels: string[], text: string) {
  await Promise.all(channels.map((channel) => postToSlack(channel, text)));
}
`,
        },
      ],
    },
    {
      name: "helper in another file",
      code: `import { sendWelcomeEmail } from './email';

export async function onboard(users: { email: string }[]) {
  for (const u of users) {
    await sendWelcomeEmail(u.email);
  }
}
`,
      files: {
        "src/email.ts": `import sgMail from '@sendgrid/mail';
export async function sendWelcomeEmail(to: string) {
  await sgMail.send({ to, from: 'hi@example.com', subject: 'Welcome', text: 'Hello' });
}
`,
      },
      errors: [{ line: 5, column: 11, message: "`sendWelcomeEmail` (an e-mail inside) is awaited once per item of `users`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { sendWelcomeEmail } from './email';

export async function onboard(users: { email: string }[]) {
  await Promise.all(users.map((u) => sendWelcomeEmail(u.email)));
}
`,
        },
      ],
    },
    {
      name: "alias of fs/promises (JS, require)",
      filename: "src/cleanup.js",
      code: `const { unlink: remove } = require('fs/promises');

async function removeAll(files) {
  for (const file of files) {
    await remove(file);
  }
}
module.exports = removeAll;
`,
      errors: [{ line: 5, column: 11, message: "`remove` (a file operation) is awaited once per item of `files`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `const { unlink: remove } = require('fs/promises');

async function removeAll(files) {
  await Promise.all([...files].map((file) => remove(file)));
}
module.exports = removeAll;
`,
        },
      ],
    },
    {
      name: "promisified exec per repository",
      code: `import { exec } from 'child_process';
import { promisify } from 'util';

const run = promisify(exec);

export async function pullAll(repos: string[]) {
  const outputs: string[] = [];
  for (const repo of repos) {
    outputs.push(await run('git -C ' + repo + ' pull'));
  }
  return outputs;
}
`,
      errors: [{ line: 9, column: 24, message: "`run` (a child process) is awaited once per item of `repos`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { exec } from 'child_process';
import { promisify } from 'util';

const run = promisify(exec);

export async function pullAll(repos: string[]) {
  const outputs: string[] = [];
  outputs.push(...(await Promise.all(repos.map((repo) => run('git -C ' + repo + ' pull')))));
  return outputs;
}
`,
        },
        {
          title: "Run the iterations with at most 8 in flight (inline worker pool)",
          kind: 'suggestion',
          output: `import { exec } from 'child_process';
import { promisify } from 'util';

const run = promisify(exec);

export async function pullAll(repos: string[]) {
  const outputs: string[] = [];
  outputs.push(...(await mapWithConcurrency(repos, 8, (repo) => run('git -C ' + repo + ' pull'))));
  return outputs;
}

/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function mapWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T) => R): Promise<Awaited<R>[]> {
  const list = Array.from(items);
  const results: Awaited<R>[] = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      results[index] = await fn(list[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
`,
        },
      ],
    },
    {
      name: "fs.promises.copyFile in a for-in loop",
      code: `import fs from 'fs';

export async function backup(files: Record<string, string>) {
  for (const name in files) {
    await fs.promises.copyFile(files[name]!, 'backup/' + name);
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`fs.promises.copyFile` (a file operation) is awaited once per item of `files`, one after another" }],
    },
    {
      name: "indexed for loop over an array",
      code: `import got from 'got';

export async function warmCache(paths: string[]) {
  for (let i = 0; i < paths.length; i++) {
    await got('https://cdn.example.com' + paths[i]);
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`got` (an HTTP request) is awaited once per item of `paths`, one after another" }],
    },
    {
      name: "continue inside the body becomes return",
      code: `export async function pingAll(hosts: { url: string; enabled: boolean }[]) {
  for (const host of hosts) {
    if (!host.enabled) continue;
    const res = await fetch(host.url);
    console.log(host.url, res.status);
  }
}
`,
      errors: [{ line: 4, column: 23, message: "`fetch` (an HTTP request) is awaited once per item of `hosts`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `export async function pingAll(hosts: { url: string; enabled: boolean }[]) {
  await Promise.all(hosts.map(async (host) => {
    if (!host.enabled) return;
    const res = await fetch(host.url);
    console.log(host.url, res.status);
  }));
}
`,
        },
        {
          title: "Run the iterations with at most 8 in flight (inline worker pool)",
          kind: 'suggestion',
          output: `export async function pingAll(hosts: { url: string; enabled: boolean }[]) {
  await mapWithConcurrency(hosts, 8, async (host) => {
    if (!host.enabled) return;
    const res = await fetch(host.url);
    console.log(host.url, res.status);
  });
}

/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function mapWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T) => R): Promise<Awaited<R>[]> {
  const list = Array.from(items);
  const results: Awaited<R>[] = new Array(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const index = next++;
      results[index] = await fn(list[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
`,
        },
      ],
    },
    {
      name: "Express handler sending webhooks for each subscriber",
      code: `import express from 'express';
import axios from 'axios';

const app = express();
app.post('/events', async (req, res) => {
  const subscribers: string[] = req.body.subscribers;
  for (const hook of subscribers) {
    await axios.post(hook, req.body.event);
  }
  res.sendStatus(202);
});
`,
      errors: [{ line: 8, column: 11, message: "`axios.post` (an HTTP request) is awaited once per item of `subscribers`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import express from 'express';
import axios from 'axios';

const app = express();
app.post('/events', async (req, res) => {
  const subscribers: string[] = req.body.subscribers;
  await Promise.all(subscribers.map((hook) => axios.post(hook, req.body.event)));
  res.sendStatus(202);
});
`,
        },
      ],
    },
    {
      name: "sharp thumbnails over a Set",
      code: `import sharp from 'sharp';

export async function thumbnails(images: Set<string>) {
  for (const img of images) {
    await sharp(img).resize(200, 200).toFile(img.replace('.jpg', '.thumb.jpg'));
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`sharp(img).resize(200, 200).toFile` (an image operation) is awaited once per item of `images`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import sharp from 'sharp';

export async function thumbnails(images: Set<string>) {
  await Promise.all([...images].map((img) => sharp(img).resize(200, 200).toFile(img.replace('.jpg', '.thumb.jpg'))));
}
`,
        },
      ],
    },
    {
      name: "NestJS service with an injected HTTP client field",
      code: `import axios from 'axios';

export class PriceService {
  private readonly http = axios.create({ baseURL: 'https://prices.example.com' });

  async refresh(symbols: string[]) {
    const prices = new Map<string, number>();
    for (const symbol of symbols) {
      const { data } = await this.http.get('/quote/' + symbol);
      prices.set(symbol, data.price);
    }
    return prices;
  }
}
`,
      errors: [{ line: 9, column: 30, message: "`this.http.get` (an HTTP request) is awaited once per item of `symbols`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import axios from 'axios';

export class PriceService {
  private readonly http = axios.create({ baseURL: 'https://prices.example.com' });

  async refresh(symbols: string[]) {
    const prices = new Map<string, number>();
    await Promise.all(symbols.map(async (symbol) => {
      const { data } = await this.http.get('/quote/' + symbol);
      prices.set(symbol, data.price);
    }));
    return prices;
  }
}
`,
        },
      ],
    },
    {
      name: "try/catch around each independent request",
      filename: "src/sync.js",
      code: `import fetch from 'node-fetch';

export async function syncAll(accounts) {
  const failed = [];
  for (const account of accounts) {
    try {
      await fetch('https://crm.example.com/sync/' + account.id, { method: 'POST' });
    } catch (err) {
      failed.push(account.id);
    }
  }
  return failed;
}
`,
      errors: [{ line: 7, column: 13, message: "`fetch` (an HTTP request) is awaited once per item of `accounts`, one after another" }],
    },
    {
      name: "destructured entries of Object.entries",
      code: `import { writeFile } from 'fs/promises';

export async function writeReports(reports: Record<string, string>) {
  for (const [name, body] of Object.entries(reports)) {
    await writeFile('reports/' + name + '.txt', body);
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`writeFile` (a file operation) is awaited once per item of `Object.entries(reports)`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { writeFile } from 'fs/promises';

export async function writeReports(reports: Record<string, string>) {
  await Promise.all(Object.entries(reports).map(([name, body]) => writeFile('reports/' + name + '.txt', body)));
}
`,
        },
      ],
    },
    {
      name: "Koa route uploading to Google Cloud Storage",
      code: `import Router from '@koa/router';
import { Storage } from '@google-cloud/storage';

const storage = new Storage();
const bucket = storage.bucket('user-uploads');
export const router = new Router();

router.post('/albums/:id/publish', async (ctx) => {
  const photos: string[] = ctx.request.body.photos;
  for (const photo of photos) {
    await bucket.upload(photo, { destination: 'albums/' + ctx.params.id + '/' + photo });
  }
  ctx.status = 204;
});
`,
      errors: [{ line: 11, column: 11, message: "`bucket.upload` (a cloud call) is awaited once per item of `photos`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import Router from '@koa/router';
import { Storage } from '@google-cloud/storage';

const storage = new Storage();
const bucket = storage.bucket('user-uploads');
export const router = new Router();

router.post('/albums/:id/publish', async (ctx) => {
  const photos: string[] = ctx.request.body.photos;
  await Promise.all(photos.map((photo) => bucket.upload(photo, { destination: 'albums/' + ctx.params.id + '/' + photo })));
  ctx.status = 204;
});
`,
        },
      ],
    },
    {
      name: "bullmq job sending one SMS per recipient with twilio",
      code: `import { Worker } from 'bullmq';
import twilio from 'twilio';

const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

new Worker('alerts', async (job) => {
  for (const phone of job.data.phones as string[]) {
    await client.messages.create({ to: phone, from: '+15550100', body: job.data.text });
  }
});
`,
      errors: [{ line: 8, column: 11, message: "`client.messages.create` (an API call) is awaited once per item of `job.data.phones as string[]`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { Worker } from 'bullmq';
import twilio from 'twilio';

const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

new Worker('alerts', async (job) => {
  await Promise.all((job.data.phones as string[]).map((phone) => client.messages.create({ to: phone, from: '+15550100', body: job.data.text })));
});
`,
        },
      ],
    },
    {
      name: "execa per workspace package in a release script",
      filename: "scripts/build-all.mjs",
      code: `import { execa } from 'execa';

export async function buildAll(packages) {
  for (const pkg of packages) {
    await execa('npm', ['run', 'build'], { cwd: pkg.dir });
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`execa` (a child process) is awaited once per item of `packages`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import { execa } from 'execa';

export async function buildAll(packages) {
  await Promise.all([...packages].map((pkg) => execa('npm', ['run', 'build'], { cwd: pkg.dir })));
}
`,
        },
      ],
    },
    {
      name: "fs-extra removal over map values",
      code: `import fse from 'fs-extra';

export async function purge(tempDirs: Map<string, string>) {
  for (const dir of tempDirs.values()) {
    await fse.remove(dir);
  }
}
`,
      errors: [{ line: 5, column: 11, message: "`fse.remove` (a file operation) is awaited once per item of `tempDirs.values()`, one after another" }],
      fixes: [
        {
          title: "Run the iterations concurrently with `Promise.all`",
          kind: 'suggestion',
          output: `import fse from 'fs-extra';

export async function purge(tempDirs: Map<string, string>) {
  await Promise.all([...tempDirs.values()].map((dir) => fse.remove(dir)));
}
`,
        },
      ],
    },
  ],
});
