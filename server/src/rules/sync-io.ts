/**
 * sync-io: a blocking `*Sync` call (fs, child_process, zlib, crypto KDFs, bcrypt, large
 * randomFillSync) in serving code — request handlers, middleware, socket/queue handlers, async
 * functions, or helpers they call (also across files). Points at the `*Sync(` call.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext } from './rule';
import { calleeName, dottedName, enclosingFunction, skipOuter, walk, type FunctionLike } from './util/syntax';
import { isScriptOrConfigFile } from './util/handlers';
import { servingReach, type ServingReach } from './util/serving';
import { isLargeRandomFill, syncAliasNames, syncApiOf, whatItWaitsFor, type SyncApi } from './util/sync-apis';
import { asyncReplacementFix } from './util/async-replacements';
import { functionNameNode } from './util/callers';
import { isAssignment } from './util/dataflow';

/** The name a memo slot is known by: `cache`, `this.tpl`, `state.config`. */
function slotName(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  return dottedName(e) ?? (ts.isElementAccessExpression(e) ? dottedName(e.expression) : undefined);
}

function mentions(cond: ts.Node, name: string, sf: ts.SourceFile): boolean {
  return new RegExp(`(^|[^\\w$.])${name.replace(/[.$]/g, (c) => `\\${c}`)}(?![\\w$])`).test(cond.getText(sf));
}

/**
 * Once-memoised lazy read: `if (!tpl) tpl = readFileSync(…)`, `tpl ??= readFileSync(…)`,
 * `cache.get(k) ?? (cache.set(k, …))`, `if (!cache.has(k)) cache.set(k, readFileSync(k))`.
 * The call runs once (per key), then never again.
 */
export function isMemoisedCall(call: ts.Node, fn: FunctionLike, sf: ts.SourceFile): boolean {
  let slot: string | undefined;
  for (let cur: ts.Node = call; cur.parent && cur !== fn; cur = cur.parent) {
    const p = cur.parent;
    if (slot === undefined) {
      if (isAssignment(p) && p.right === cur) {
        const op = p.operatorToken.kind;
        const name = slotName(p.left);
        if (!name) return false;
        if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) return declaredOutside(p.left, fn);
        if (op !== ts.SyntaxKind.EqualsToken || !declaredOutside(p.left, fn)) return false;
        slot = name;
      } else if (ts.isCallExpression(p) && calleeName(p) === 'set' && p.arguments[1] === cur && ts.isPropertyAccessExpression(skipOuter(p.expression))) {
        const recv = dottedName((skipOuter(p.expression) as ts.PropertyAccessExpression).expression);
        if (!recv) return false;
        slot = recv;
      }
      continue;
    }
    // a guard that tests the slot: if (!slot) …, slot ?? (slot = …), slot || (…), cond ? slot : …
    if (ts.isIfStatement(p) && cur !== p.expression && mentions(p.expression, slot, sf)) return true;
    if (ts.isConditionalExpression(p) && cur !== p.condition && mentions(p.condition, slot, sf)) return true;
    if (ts.isBinaryExpression(p) && p.right === cur && /^(\?\?|\|\||&&)$/.test(p.operatorToken.getText(sf)) && mentions(p.left, slot, sf)) return true;
  }
  // early return guard: if (slot) return slot; slot = readFileSync(…)
  if (slot && fn.body && ts.isBlock(fn.body)) {
    const stmts = fn.body.statements;
    const idx = stmts.findIndex((s) => s.pos <= call.pos && call.end <= s.end);
    for (let i = 0; i < idx; i++) {
      const s = stmts[i]!;
      if (ts.isIfStatement(s) && mentions(s.expression, slot, sf) && /\breturn\b/.test(s.thenStatement.getText(sf))) return true;
    }
  }
  return false;
}

/** Is the assigned name declared outside the function (module state, `this.x`, an outer object)? */
function declaredOutside(target: ts.Expression, fn: FunctionLike): boolean {
  const e = skipOuter(target);
  if (!ts.isIdentifier(e)) return true; // this.x / obj.x: state that outlives the call
  if (fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === e.text)) return false;
  let local = false;
  if (fn.body) {
    walk(fn.body, (n) => {
      if (local) return false;
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === e.text) local = true;
      return undefined;
    });
  }
  return !local;
}

function roleLabel(r: ServingReach, sf: ts.SourceFile): string {
  if (!r.role) {
    const name = functionNameNode(r.entry)?.text;
    return name ? `async function \`${name}\`` : 'an async callback';
  }
  const site = r.role.site;
  if (ts.isCallExpression(site)) {
    const method = calleeName(site);
    const first = site.arguments[0];
    if (method && first && ts.isStringLiteralLike(first) && first.text.startsWith('/') && method !== 'use') return `the ${r.role.kind} \`${method.toUpperCase()} ${first.text}\``;
  }
  const name = functionNameNode(r.entry)?.text;
  if (name) return `the ${r.role.kind} \`${name}\``;
  return `${/^[aeiouh]/i.test(r.role.kind) && !/^(use|Ne)/.test(r.role.kind) ? 'an' : 'a'} ${r.role.kind}`;
}

function report(ctx: RuleContext, call: ts.CallExpression, api: SyncApi, fn: FunctionLike, reach: ServingReach): void {
  const sf = ctx.sourceFile;
  const where = roleLabel(reach, sf);
  const helper = reach.path.length > 0 ? functionNameNode(fn)?.text : undefined;
  const via = helper ? ` (called from ${where}${reach.path.length > 1 ? ` through ${reach.path.length - 1} more helper(s)` : ''})` : '';
  const inWhere = helper ? `in \`${helper}\`${via}` : `in ${where}`;
  const alt = api.name === 'existsSync' ? 'the async `access`/`stat`' : `the async \`${api.asyncName}\``;
  const message = `\`${api.name}\` ${inWhere} blocks the event loop until ${whatItWaitsFor(api)} — no other request or event is served meanwhile; use ${alt}`;
  const related: { node: ts.Node; message: string }[] = [];
  if (reach.entry !== fn) related.push({ node: functionNameNode(reach.entry) ?? reach.entry, message: `serving code: ${where}` });
  for (const c of reach.path) related.push({ node: c, message: `calls \`${calleeName(c) ?? 'helper'}\`` });
  const fix = asyncReplacementFix(call, api, sf, ctx.fileName, ctx.checker);
  ctx.report({ start: call.getStart(sf), end: call.end }, message, {
    related,
    data: { api: api.name, module: api.module, category: api.category, servingKind: reach.role?.kind ?? 'async function', depth: reach.path.length },
    fixes: fix ? [fix] : [],
  });
}

const syncIoDocs: Rule['docs'] = {
  why:
    'Node runs all JavaScript on one thread. A `*Sync` call holds that thread until the disk, the child process, the compressor or ' +
    'the key derivation is done: a 5 ms `readFileSync` in a route handler caps that server at ~200 requests/s no matter how many ' +
    'clients wait, and a 100 ms `pbkdf2Sync`/`bcrypt.hashSync` stalls every open connection, timer and socket for 100 ms. ' +
    'In startup code (module top level, CLI scripts, configs, once-memoised reads, exit handlers) blocking is harmless and is not flagged. ' +
    'Inside an async function the fix awaits the fs/promises (or promisified) form; read-only fs calls are marked safe, writes are ' +
    'suggestions because awaiting lets another request interleave between a read and a write.',
  bad: [
    `import express from 'express';
import { readFileSync } from 'fs';

const app = express();
app.get('/report', (req, res) => {
  const template = readFileSync('views/report.html', 'utf8');
  res.send(template.replace('{{user}}', String(req.query.user)));
});
`,
    `import * as fs from 'fs';

export async function saveUpload(path: string, body: string) {
  fs.writeFileSync(path, body);
  return { saved: path };
}
`,
  ],
  good: [
    `import express from 'express';
import { readFile } from 'fs/promises';

const app = express();
app.get('/report', async (req, res) => {
  const template = await readFile('views/report.html', 'utf8');
  res.send(template.replace('{{user}}', String(req.query.user)));
});
`,
  ],
  lookAlikes: [
    `import { readFileSync } from 'fs';
// module top level: read once at startup
const config = JSON.parse(readFileSync('config.json', 'utf8'));
export function port() { return config.port; }
`,
    `import { readFileSync } from 'fs';
let template: string | undefined;
export async function render(name: string) {
  // once-memoised: the disk is read on the first call only
  if (!template) template = readFileSync('views/page.html', 'utf8');
  return template.replace('{{name}}', name);
}
`,
    `import { writeFileSync } from 'fs';
process.on('exit', () => {
  writeFileSync('last-run.txt', new Date().toISOString());
});
`,
  ],
};

export const syncIo: Rule = {
  id: 'sync-io',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'safe',
    description: 'Blocking *Sync call (fs, child_process, zlib, crypto, bcrypt) in a request handler, async function or a helper they call',
  },
  docs: syncIoDocs,
  kinds: [ts.SyntaxKind.CallExpression],
  check(ctx) {
    if (isScriptOrConfigFile(ctx.fileName, ctx.text)) return;
    let aliases: Set<string> | undefined;
    for (const node of ctx.nodes(ts.SyntaxKind.CallExpression)) {
      const call = node as ts.CallExpression;
      const name = calleeName(call);
      if (!name) continue;
      if (!name.endsWith('Sync')) {
        aliases ??= syncAliasNames(ctx.sourceFile);
        if (!aliases.has(name)) continue;
      }
      const fn = enclosingFunction(call);
      if (!fn) continue; // module top level: runs once at startup
      const api = syncApiOf(call, ctx.checker);
      if (!api) continue;
      if (api.name === 'randomFillSync' && !isLargeRandomFill(call, ctx.checker)) continue;
      if (isMemoisedCall(call, fn, ctx.sourceFile)) continue;
      const reach = servingReach(fn, { checker: ctx.checker, project: ctx.project, countAsync: true, skipCall: memoisedCallSite });
      // An async function reaches far (CLI commands, bootstrap code): count only it and the helpers it calls directly.
      // existsSync is one cheap metadata call: worth a finding on a request path, not in any async function.
      if (reach && (reach.role || (reach.path.length <= 1 && api.name !== 'existsSync'))) report(ctx, call, api, fn, reach);
    }
  },
};

/** A helper reached only through a memo guard (`config ??= loadConfig()`) runs once: not serving. */
function memoisedCallSite(call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  return !!fn && isMemoisedCall(call, fn, call.getSourceFile());
}
