/**
 * serial-await: independent I/O (HTTP calls, uploads, e-mails, file operations, child processes)
 * awaited one item at a time in a loop, where the iterations do not depend on each other and no
 * batch form exists. Points at the awaited call. Quiet on loops that must be sequential: while/do
 * and for-await loops (polling, cursors, streams), early exits, sleeps, transactions, chunked
 * batches, state carried between iterations, ordered writes to one sink, and per-item steps.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext } from './rule';
import { calleeName, calleeReceiver, dottedName, isFunctionLike, rootIdentifier, skipOuter } from './util/syntax';
import { isLoopStatement } from './util/loops';
import { loopFacts, references, type LoopFacts } from './util/loop-independence';
import { asyncWorkOf, withArticle, type AsyncWork } from './util/async-work';
import { concurrentLoopFixes } from './util/concurrent-loop-fix';
import { resolveOrigin } from './util/imports';
import { symbolAt } from './util/dataflow';

/** Sinks where order is the point: `out.write(line)`, `appendFile(log, …)` on one target. */
const ORDERED_SINKS = new Set(['write', 'writeln', 'append', 'appendFile', 'writeFile', 'end', 'pipe', 'enqueue', 'emit']);
const LIMITER_MODULES = /^(p-limit|p-queue|bottleneck|p-throttle|async-sema|p-map|async|limiter)$/;
const BATCH_CALLS = new Set(['all', 'allSettled', 'any', 'race']);

/** The innermost loop statement around `node` in the same function, if any. */
function innermostLoop(node: ts.Node): ts.IterationStatement | undefined {
  let child: ts.Node = node;
  for (let cur = node.parent; cur; child = cur, cur = cur.parent) {
    if (isFunctionLike(cur)) return undefined;
    if (isLoopStatement(cur)) {
      if (ts.isForStatement(cur) && child === cur.initializer) continue;
      if ((ts.isForOfStatement(cur) || ts.isForInStatement(cur)) && (child === cur.expression || child === cur.initializer)) continue;
      return cur;
    }
  }
  return undefined;
}

function isTestFile(fileName: string): boolean {
  return /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(fileName) || /\/(__tests__|test|tests|e2e|cypress)\//.test(fileName) || /\.config\.[cm]?[jt]s$/.test(fileName);
}

/** A limiter or batch: `Promise.all(…)`, `limit(() => …)` from p-limit, `queue.add(…)` from p-queue. */
function isAlreadyLimited(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const name = calleeName(call);
  const recv = calleeReceiver(call);
  if (name && BATCH_CALLS.has(name) && recv && dottedName(recv) === 'Promise') return true;
  const root = rootIdentifier(call.expression);
  if (!root) return false;
  const origin = resolveOrigin(root, checker);
  if (origin && LIMITER_MODULES.test(origin.module)) return true;
  const decl = symbolAt(root, checker)?.valueDeclaration;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
    const init = skipOuter(decl.initializer);
    const fn = ts.isCallExpression(init) || ts.isNewExpression(init) ? rootIdentifier(init.expression) : undefined;
    const o = fn && resolveOrigin(fn, checker);
    if (o && LIMITER_MODULES.test(o.module)) return true;
  }
  return false;
}

/** Writes to one stream or file, in order: the target does not change per item. */
function isOrderedSink(call: ts.CallExpression, facts: LoopFacts): boolean {
  const name = calleeName(call);
  if (!name || !ORDERED_SINKS.has(name)) return false;
  const recv = calleeReceiver(call);
  if (name === 'appendFile' || name === 'writeFile') {
    const target = call.arguments[0];
    return !!target && !references(target, facts.derivedNames);
  }
  return !!recv && !references(recv, facts.derivedNames);
}

/** `await step.run()`, `await task()`, `await migration.up()`: the item is the work — ordered steps. */
function callsTheItem(call: ts.CallExpression, facts: LoopFacts): boolean {
  const root = rootIdentifier(call.expression);
  return !!root && facts.itemNames.has(root.text);
}

function collectionLabel(facts: LoopFacts, sf: ts.SourceFile): string {
  const text = facts.collection.getText(sf);
  return text.length <= 40 ? text : `${text.slice(0, 37)}…`;
}

function calleeLabel(call: ts.CallExpression, sf: ts.SourceFile): string {
  const text = skipOuter(call.expression).getText(sf).replace(/\s+/g, ' ');
  return text.length <= 40 ? text : `…${text.slice(-38)}`;
}

function isArrayCollection(facts: LoopFacts, checker: ts.TypeChecker): boolean {
  const e = skipOuter(facts.collection);
  if (ts.isArrayLiteralExpression(e)) return true;
  try {
    const t = checker.getTypeAtLocation(facts.collection);
    if (t.flags & ts.TypeFlags.Any) {
      // untyped JS: Object.keys/values/entries and array methods return arrays
      const name = ts.isCallExpression(e) ? calleeName(e) : undefined;
      return !!name && /^(keys|values|entries|filter|map|slice|concat|flat|flatMap|sort|split)$/.test(name);
    }
    return checker.isArrayType(t) || checker.isTupleType(t);
  } catch {
    return false;
  }
}

function report(ctx: RuleContext, call: ts.CallExpression, facts: LoopFacts, work: AsyncWork): void {
  const sf = ctx.sourceFile;
  const coll = collectionLabel(facts, sf);
  const what = `\`${calleeLabel(call, sf)}\` (${withArticle(work.kind)}${work.helper ? ' inside' : ''})`;
  const message = `${what} is awaited once per item of \`${coll}\`, one after another — the latencies add up (n × round-trip) although the iterations are independent; run them concurrently with Promise.all or a bounded pool`;
  const related: { node: ts.Node; message: string }[] = [{ node: facts.loop, message: `the loop over \`${coll}\`` }];
  if (work.helper) related.push({ node: work.helper, message: `the helper does ${withArticle(work.kind)}` });
  const fixes = ts.isForOfStatement(facts.loop)
    ? concurrentLoopFixes({ loop: facts.loop, call, sf, fileName: ctx.fileName, isArray: isArrayCollection(facts, ctx.checker) })
    : [];
  ctx.report({ start: call.getStart(sf), end: call.end }, message, {
    related,
    fixes,
    data: { loopKind: ts.SyntaxKind[facts.loop.kind], collection: coll, workKind: work.kind, viaHelper: !!work.helper },
  });
}

function checkAwait(ctx: RuleContext, awaitExpr: ts.AwaitExpression, factsByLoop: Map<ts.Node, LoopFacts | null>): void {
  const call = skipOuter(awaitExpr.expression);
  if (!ts.isCallExpression(call)) return;
  const loop = innermostLoop(awaitExpr);
  if (!loop) return;
  let facts = factsByLoop.get(loop);
  if (facts === undefined) {
    facts = loopFacts(loop) ?? null;
    factsByLoop.set(loop, facts);
  }
  if (!facts || facts.sequential) return;
  // per-item work only: the call must use the item (directly or through a name derived from it)
  if (!references(call, facts.derivedNames)) return;
  if (callsTheItem(call, facts) || isOrderedSink(call, facts)) return;
  if (isAlreadyLimited(call, ctx.checker)) return;
  const work = asyncWorkOf(call, ctx.checker);
  if (!work) return;
  factsByLoop.set(loop, null); // one finding per loop: the first independent await
  report(ctx, call, facts, work);
}

export const serialAwait: Rule = {
  id: 'serial-await',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'suggestion',
    description: 'Independent I/O (HTTP, uploads, e-mails, file operations) awaited one item at a time in a loop instead of concurrently',
  },
  docs: {
    why:
      'Each `await` in a loop waits for one round-trip before starting the next, so n independent requests take n × latency: ' +
      '200 webhooks at 80 ms each take 16 s in series and well under a second with 8–16 in flight. When the iterations do not ' +
      'depend on each other, start them together with `Promise.all(items.map(…))`, or through a small worker pool when the list ' +
      'can be large (to respect the remote side). Loops that must be sequential are left alone: `while`/`do` and `for await` ' +
      '(polling, cursors, streams), loops that `break`/`return` on a result, sleeps between calls, transactions, chunked batches, ' +
      'state carried from one iteration to the next, ordered writes to one stream or file, and calling each item as a step. ' +
      'Per-item database lookups are reported by n-plus-one instead.',
    bad: [
      `export async function notifyAll(urls: string[], event: object) {
  for (const url of urls) {
    await fetch(url, { method: 'POST', body: JSON.stringify(event) });
  }
}
`,
    ],
    good: [
      `export async function notifyAll(urls: string[], event: object) {
  await Promise.all(urls.map((url) => fetch(url, { method: 'POST', body: JSON.stringify(event) })));
}
`,
    ],
    lookAlikes: [
      `// cursor pagination: each request needs the previous cursor
export async function allItems(base: string) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(base + '?cursor=' + (cursor ?? ''));
    const page = await res.json();
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
`,
      `// first mirror that answers wins: stop at the first success
export async function download(mirrors: string[]) {
  for (const mirror of mirrors) {
    const res = await fetch(mirror);
    if (res.ok) return res.arrayBuffer();
  }
  throw new Error('no mirror answered');
}
`,
      `// rate-limited on purpose
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function ping(hosts: string[]) {
  for (const host of hosts) {
    await fetch('https://' + host + '/health');
    await sleep(1000);
  }
}
`,
    ],
  },
  kinds: [ts.SyntaxKind.AwaitExpression],
  check(ctx) {
    if (isTestFile(ctx.fileName)) return;
    const factsByLoop = new Map<ts.Node, LoopFacts | null>();
    for (const node of ctx.nodes(ts.SyntaxKind.AwaitExpression)) checkAwait(ctx, node as ts.AwaitExpression, factsByLoop);
  },
};
