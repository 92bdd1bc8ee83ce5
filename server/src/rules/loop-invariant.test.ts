import { testRule, type InvalidCase, type RuleCase } from './rule-tester';
import { loopInvariant } from './loop-invariant';

// Without the DOM lib a case's checker builds in a fraction of the time; these cases need no DOM types.
const LIB = { lib: ['lib.es2023.d.ts'] };
const v = (c: RuleCase): RuleCase => ({ compilerOptions: LIB, ...c });
const i = (c: InvalidCase): InvalidCase => ({ compilerOptions: LIB, ...c });

const PG_DTS = `export class Pool { query(text: string, values?: unknown[]): Promise<{ rows: any[] }>; }\n`;

testRule(loopInvariant, {
  valid: [
    v({
      name: 'regex literal in a loop (V8 caches it per site)',
      code: `export function slugs(titles: string[]) {
  const out: string[] = [];
  for (const t of titles) out.push(t.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
  return out;
}
`,
    }),
    v({
      name: 'already hoisted',
      code: `export function matching(rows: { name: string }[], term: string) {
  const re = new RegExp(term, 'i');
  return rows.filter((r) => re.test(r.name));
}
`,
    }),
    v({
      name: 'pattern built from the loop variable (JS)',
      filename: 'src/route.js',
      code: `function compile(routes) {
  return routes.map((r) => ({ ...r, re: new RegExp('^' + r.path.replace(/:\\w+/g, '([^/]+)') + '$') }));
}
module.exports = { compile };
`,
    }),
    v({
      name: 'g flag with exec: lastIndex state per iteration',
      code: `export function countAll(texts: string[], word: string) {
  let n = 0;
  for (const t of texts) {
    const re = new RegExp(word, 'g');
    while (re.exec(t)) n++;
  }
  return n;
}
`,
    }),
    v({
      name: 'g flag with test (stateful between calls)',
      code: `export function firstHits(lines: string[], word: string) {
  return lines.filter((l) => new RegExp(word, 'g').test(l));
}
`,
    }),
    v({
      name: 'lastIndex set by hand',
      code: `export function from(lines: string[], word: string, at: number) {
  for (const l of lines) {
    const re = new RegExp(word, 'g');
    re.lastIndex = at;
    if (re.exec(l)) return l;
  }
  return undefined;
}
`,
    }),
    v({
      name: 'clone changed per iteration',
      code: `const template = { status: 'new', tags: [] as string[] };
export function drafts(ids: string[]) {
  const out = [];
  for (const id of ids) {
    const doc = JSON.parse(JSON.stringify(template));
    doc.id = id;
    out.push(doc);
  }
  return out;
}
`,
    }),
    v({
      name: 'clone stored in the mapped result (JS, Express)',
      filename: 'src/users.js',
      code: `const express = require('express');
const DEFAULT_SETTINGS = { theme: 'light', notifications: { email: true } };
const app = express();
app.post('/users/bulk', (req, res) => {
  const users = req.body.ids.map((id) => ({ id, settings: JSON.parse(JSON.stringify(DEFAULT_SETTINGS)) }));
  res.status(201).json(users);
});
`,
    }),
    v({
      name: 'clone handed to a function that may change it',
      code: `declare function render(model: { title: string; items: string[] }): string;
const base = { title: 'Report', items: [] as string[] };
export function pages(sections: string[][]) {
  return sections.map((items) => {
    const model = structuredClone(base);
    model.items.push(...items);
    return render(model);
  });
}
`,
    }),
    v({
      name: 'source changes inside the loop',
      code: `export function snapshots(steps: number[]) {
  const state = { total: 0 };
  const totals: number[] = [];
  for (const s of steps) {
    state.total += s;
    const snap = JSON.parse(JSON.stringify(state));
    totals.push(snap.total);
  }
  return totals;
}
`,
    }),
    v({
      name: 'outside any loop',
      code: `export function matcher(term: string) {
  const re = new RegExp(term, 'i');
  const copy = JSON.parse(JSON.stringify({ term }));
  return (s: string) => re.test(s) && copy.term.length > 0;
}
`,
    }),
    v({
      name: 'new RegExp(existing) copies a regex for a fresh lastIndex',
      code: `const WORD = /\\w+/g;
export function counts(texts: string[]) {
  return texts.map((t) => {
    const re = new RegExp(WORD);
    let n = 0;
    while (re.exec(t)) n++;
    return n;
  });
}
`,
    }),
    v({
      name: 'sticky flag with replace reads lastIndex',
      code: `export function strip(lines: string[], word: string) {
  return lines.map((l) => l.replace(new RegExp(word, 'y'), ''));
}
`,
    }),
    v({
      name: 'unknown flags with test',
      code: `export function grep(lines: string[], pattern: string, flags: string) {
  return lines.filter((l) => new RegExp(pattern, flags).test(l));
}
`,
    }),
    v({
      name: 'fixed literal loop',
      code: `export function variants(word: string) {
  const out: boolean[] = [];
  for (const s of ['a', 'b']) out.push(new RegExp(word, 'i').test(s));
  return out;
}
`,
    }),
    v({
      name: 'route handler callback is not a loop (Fastify, JS)',
      filename: 'src/server.js',
      code: `const fastify = require('fastify')();
const pattern = process.env.ALLOW || '.*';
fastify.get('/check', async (request) => {
  return { ok: new RegExp(pattern).test(request.query.name) };
});
`,
    }),
    v({
      name: 'clone of the per-iteration row',
      code: `export function copies(rows: { id: string; tags: string[] }[]) {
  let n = 0;
  for (const row of rows) {
    const c = JSON.parse(JSON.stringify(row));
    n += c.tags.length;
  }
  return n;
}
`,
    }),
    v({
      name: 'this in a function() callback is per call',
      filename: 'src/legacy.js',
      code: `function Validator(items) { this.items = items; }
Validator.prototype.check = function (patterns) {
  return patterns.map(function () {
    return new RegExp(this.source, 'i').test('x');
  }, { source: 'a' });
};
module.exports = Validator;
`,
    }),
  ],
  invalid: [
    i({
      name: 'RegExp in a filter callback (safe hoist before the return)',
      code: `export function matching(rows: { name: string }[], term: string) {
  return rows.filter((r) => new RegExp(term, 'i').test(r.name));
}
`,
      errors: [{ line: 2, column: 29, message: "`new RegExp(term, 'i')` compiles the same pattern for each of `rows`" }],
      fixes: [
        {
          kind: 'safe',
          title: 'Hoist the RegExp',
          output: `export function matching(rows: { name: string }[], term: string) {
  const termRe = new RegExp(term, 'i');
  return rows.filter((r) => termRe.test(r.name));
}
`,
        },
      ],
    }),
    i({
      name: 'a declaration with a trailing comment moves whole: no comment-only or blank line stays in the loop (JS)',
      filename: 'src/shipped.js',
      code: `function shippedOrderSum(lines, prefix) {
  let sum = 0;
  for (const line of lines) {
    const pattern = new RegExp(\`^\${prefix}-(\\\\d+) shipped$\`); // one order id per line
    const match = pattern.exec(line);
    if (match) sum += Number(match[1]);
  }
  return sum;
}
module.exports = { shippedOrderSum };
`,
      errors: [{ line: 4, column: 21, message: 'compiles the same pattern' }],
      fixes: [
        {
          kind: 'safe',
          title: 'Hoist the RegExp',
          output: `function shippedOrderSum(lines, prefix) {
  let sum = 0;
  const pattern = new RegExp(\`^\${prefix}-(\\\\d+) shipped$\`); // one order id per line
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match) sum += Number(match[1]);
  }
  return sum;
}
module.exports = { shippedOrderSum };
`,
        },
      ],
    }),
    i({
      name: 'Express + pg search: const re in a for-of body is moved out (JS)',
      filename: 'src/search.js',
      files: { 'node_modules/pg/index.d.ts': PG_DTS },
      code: `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();

app.get('/search', async (req, res) => {
  const q = String(req.query.q);
  const { rows } = await pool.query('SELECT id, title FROM docs');
  const hits = [];
  for (const row of rows) {
    const re = new RegExp(q, 'i');
    if (re.test(row.title)) hits.push(row);
  }
  res.json(hits);
});
`,
      errors: [{ line: 11, column: 16 }],
      fixes: [
        {
          kind: 'safe',
          output: `const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();

app.get('/search', async (req, res) => {
  const q = String(req.query.q);
  const { rows } = await pool.query('SELECT id, title FROM docs');
  const hits = [];
  const re = new RegExp(q, 'i');
  for (const row of rows) {
    if (re.test(row.title)) hits.push(row);
  }
  res.json(hits);
});
`,
        },
      ],
    }),
    i({
      name: 'RegExp() without new, g flag with replace (stateless)',
      code: `export function normalise(lines: string[], sep: string) {
  return lines.map((l) => l.replace(RegExp(sep, 'g'), ','));
}
`,
      errors: [{ line: 2, column: 37 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function normalise(lines: string[], sep: string) {
  const sepRe = RegExp(sep, 'g');
  return lines.map((l) => l.replace(sepRe, ','));
}
`,
        },
      ],
    }),
    i({
      name: 'template pattern over an invariant prefix',
      code: `export function under(keys: string[], prefix: string) {
  const out: string[] = [];
  for (const k of keys) {
    if (new RegExp(\`^\${prefix}/\`).test(k)) out.push(k);
  }
  return out;
}
`,
      errors: [{ line: 4, column: 9 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function under(keys: string[], prefix: string) {
  const out: string[] = [];
  const prefixRe = new RegExp(\`^\${prefix}/\`);
  for (const k of keys) {
    if (prefixRe.test(k)) out.push(k);
  }
  return out;
}
`,
        },
      ],
    }),
    i({
      name: 'pattern through a user helper: suggestion (the helper would run once)',
      code: `function escapeRegExp(s: string) {
  return s.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&');
}
export function mentions(comments: string[], word: string) {
  return comments.filter((c) => new RegExp(escapeRegExp(word), 'i').test(c));
}
`,
      errors: [{ line: 5, column: 33 }],
      fixes: [
        {
          kind: 'suggestion',
          output: `function escapeRegExp(s: string) {
  return s.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&');
}
export function mentions(comments: string[], word: string) {
  const wordRe = new RegExp(escapeRegExp(word), 'i');
  return comments.filter((c) => wordRe.test(c));
}
`,
        },
      ],
    }),
    i({
      name: 'nested loops: invariant in the inner loop only (hoisted before the inner loop)',
      code: `export function lint(rules: { id: string; pattern: string }[], lines: string[]) {
  const hits: string[] = [];
  for (const rule of rules) {
    for (const line of lines) {
      if (new RegExp(rule.pattern).test(line)) hits.push(rule.id);
    }
  }
  return hits;
}
`,
      errors: [{ line: 5, column: 11, message: 'for each of `lines`' }],
      fixes: [
        {
          kind: 'safe',
          output: `export function lint(rules: { id: string; pattern: string }[], lines: string[]) {
  const hits: string[] = [];
  for (const rule of rules) {
    const patternRe = new RegExp(rule.pattern);
    for (const line of lines) {
      if (patternRe.test(line)) hits.push(rule.id);
    }
  }
  return hits;
}
`,
        },
      ],
    }),
    i({
      name: 'flags from a const, used by replace',
      code: `const FLAGS = 'gi';
export function censor(texts: string[], word: string) {
  const out: string[] = [];
  for (const t of texts) out.push(t.replace(new RegExp(word, FLAGS), '***'));
  return out;
}
`,
      errors: [{ line: 4, column: 45 }],
    }),
    i({
      name: 'while loop over a reader (JS)',
      filename: 'src/tail.js',
      code: `function grep(reader, pattern) {
  const out = [];
  let line;
  while ((line = reader.next()) !== null) {
    if (new RegExp(pattern).test(line)) out.push(line);
  }
  return out;
}
module.exports = { grep };
`,
      errors: [{ line: 5, column: 9, message: 'on every iteration of the `while` loop' }],
      fixes: [
        {
          kind: 'safe',
          output: `function grep(reader, pattern) {
  const out = [];
  let line;
  const patternRe = new RegExp(pattern);
  while ((line = reader.next()) !== null) {
    if (patternRe.test(line)) out.push(line);
  }
  return out;
}
module.exports = { grep };
`,
        },
      ],
    }),
    i({
      name: 'JSON clone of constant defaults, only read',
      code: `const defaults = { theme: 'dark', pageSize: 20 };
export function pageSizes(users: { prefs?: { pageSize?: number } }[]) {
  const sizes: number[] = [];
  for (const u of users) {
    const base = JSON.parse(JSON.stringify(defaults));
    sizes.push(u.prefs?.pageSize ?? base.pageSize);
  }
  return sizes;
}
`,
      errors: [{ line: 5, column: 18, message: 'deep-copies the same `defaults` for each of `users`' }],
      fixes: [
        {
          kind: 'safe',
          title: 'Copy `defaults` once',
          output: `const defaults = { theme: 'dark', pageSize: 20 };
export function pageSizes(users: { prefs?: { pageSize?: number } }[]) {
  const sizes: number[] = [];
  const base = JSON.parse(JSON.stringify(defaults));
  for (const u of users) {
    sizes.push(u.prefs?.pageSize ?? base.pageSize);
  }
  return sizes;
}
`,
        },
      ],
    }),
    i({
      name: 'structuredClone in map, only numbers read',
      compilerOptions: {}, // structuredClone is declared by the DOM lib (and @types/node)
      code: `const config = { rate: 0.2, currency: 'EUR' };
export function taxes(items: { price: number }[]) {
  return items.map((item) => {
    const cfg = structuredClone(config);
    return cfg.rate * item.price;
  });
}
`,
      errors: [{ line: 4, column: 17, message: '`structuredClone(config)`' }],
      fixes: [
        {
          kind: 'safe',
          output: `const config = { rate: 0.2, currency: 'EUR' };
export function taxes(items: { price: number }[]) {
  const cfg = structuredClone(config);
  return items.map((item) => {
    return cfg.rate * item.price;
  });
}
`,
        },
      ],
    }),
    i({
      name: 'clone read in a template string (JS)',
      filename: 'src/mail.js',
      code: `const BRAND = { name: 'Acme', footer: 'Unsubscribe' };
function bodies(users) {
  return users.map((u) => \`Hi \${u.name}, \${JSON.parse(JSON.stringify(BRAND)).footer}\`);
}
module.exports = { bodies };
`,
      errors: [{ line: 3, column: 44 }],
    }),
    i({
      name: 'pattern imported from another file (Koa middleware)',
      files: { 'src/patterns.ts': "export const SLUG_PATTERN = '^[a-z0-9-]+$';\n" },
      code: `import { SLUG_PATTERN } from './patterns';
interface Ctx { request: { body: { slugs: string[] } }; status: number; body: unknown }
export async function validate(ctx: Ctx, next: () => Promise<void>) {
  for (const slug of ctx.request.body.slugs) {
    if (!new RegExp(SLUG_PATTERN).test(slug)) {
      ctx.status = 400;
      ctx.body = { error: 'bad slug ' + slug };
      return;
    }
  }
  await next();
}
`,
      errors: [{ line: 5, column: 10 }],
      fixes: [
        {
          kind: 'safe',
          output: `import { SLUG_PATTERN } from './patterns';
interface Ctx { request: { body: { slugs: string[] } }; status: number; body: unknown }
export async function validate(ctx: Ctx, next: () => Promise<void>) {
  const SLUG_PATTERNRe = new RegExp(SLUG_PATTERN);
  for (const slug of ctx.request.body.slugs) {
    if (!SLUG_PATTERNRe.test(slug)) {
      ctx.status = 400;
      ctx.body = { error: 'bad slug ' + slug };
      return;
    }
  }
  await next();
}
`,
        },
      ],
    }),
    i({
      name: 'through an alias of an option',
      code: `export function filterNames(names: string[], opts: { pattern: string }) {
  const pattern = opts.pattern;
  const kept: string[] = [];
  for (let i = 0; i < names.length; i++) {
    if (new RegExp(pattern, 'u').test(names[i]!)) kept.push(names[i]!);
  }
  return kept;
}
`,
      errors: [{ line: 5, column: 9 }],
    }),
    i({
      name: 'NestJS-style service: this.field pattern in forEach',
      code: `export class CorsService {
  constructor(private readonly allowedOrigin: string) {}
  check(origins: string[]) {
    const allowed: string[] = [];
    origins.forEach((o) => {
      if (new RegExp(this.allowedOrigin).test(o)) allowed.push(o);
    });
    return allowed;
  }
}
`,
      errors: [{ line: 6, column: 11 }],
      fixes: [
        {
          kind: 'safe',
          output: `export class CorsService {
  constructor(private readonly allowedOrigin: string) {}
  check(origins: string[]) {
    const allowed: string[] = [];
    const allowedOriginRe = new RegExp(this.allowedOrigin);
    origins.forEach((o) => {
      if (allowedOriginRe.test(o)) allowed.push(o);
    });
    return allowed;
  }
}
`,
        },
      ],
    }),
    i({
      name: 'split by an invariant delimiter in reduce',
      code: `export function fieldCount(lines: string[], delim: string) {
  return lines.reduce((n, l) => n + l.split(new RegExp(delim)).length, 0);
}
`,
      errors: [{ line: 2, column: 45 }],
    }),
    i({
      name: 'escaping (non-stateful flags) regex stored per route: suggestion',
      code: `export function withMatchers(routes: { path: string }[], base: string) {
  return routes.map((r) => ({ ...r, base: new RegExp(base, 'i') }));
}
`,
      errors: [{ line: 2, column: 43 }],
      fixes: [
        {
          kind: 'suggestion',
          output: `export function withMatchers(routes: { path: string }[], base: string) {
  const baseRe = new RegExp(base, 'i');
  return routes.map((r) => ({ ...r, base: baseRe }));
}
`,
        },
      ],
    }),
    i({
      name: 'constant pattern in a counted for loop over a parameter bound',
      code: `export function digitsOnly(values: string[], n: number) {
  let ok = 0;
  for (let k = 0; k < n; k++) {
    const digits = new RegExp('^\\\\d+$');
    if (digits.test(values[k] ?? '')) ok++;
  }
  return ok;
}
`,
      errors: [{ line: 4, column: 20 }],
      fixes: [
        {
          kind: 'safe',
          output: `export function digitsOnly(values: string[], n: number) {
  let ok = 0;
  const digits = new RegExp('^\\\\d+$');
  for (let k = 0; k < n; k++) {
    if (digits.test(values[k] ?? '')) ok++;
  }
  return ok;
}
`,
        },
      ],
    }),
  ],
});
