/**
 * Rewrites `for (const x of xs) { … await work(x) … }` to run its iterations concurrently:
 * `await Promise.all(xs.map(async (x) => { … }))`, or through a small inline worker pool
 * (`mapWithConcurrency(xs, 8, …)`, appended to the file once) when the collection may be large.
 * `continue` becomes `return`; `out.push(await f(x))` keeps the input order by spreading the
 * ordered results. Only for-of loops whose body can move into a callback unchanged qualify.
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import { applyEdits } from '../../engine/apply-edits';
import { isFunctionLike, skipOuter, walk } from './syntax';

export const POOL_HELPER_NAME = 'mapWithConcurrency';
const POOL_SIZE = 8;

function poolHelperText(typed: boolean): string {
  if (typed) {
    return `
/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function ${POOL_HELPER_NAME}<T, R>(items: Iterable<T>, limit: number, fn: (item: T) => R): Promise<Awaited<R>[]> {
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
`;
  }
  return `
/** Runs \`fn\` over \`items\` with at most \`limit\` calls in flight; results keep the input order. */
async function ${POOL_HELPER_NAME}(items, limit, fn) {
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
`;
}

/** Can the body move into an arrow callback without changing what its statements mean? */
function bodyIsMovable(loop: ts.ForOfStatement): boolean {
  let ok = true;
  walk(loop.statement, (n) => {
    if (!ok) return false;
    if (isFunctionLike(n) && !ts.isArrowFunction(n)) return false;
    if (ts.isVariableDeclarationList(n) && (n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0) ok = false; // var hoists out
    if (ts.isContinueStatement(n) && n.label) ok = false;
    if (ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isYieldExpression(n) || ts.isLabeledStatement(n)) ok = false;
    if (ts.isIdentifier(n) && n.text === 'arguments') ok = false;
    return undefined;
  });
  return ok;
}

/** `continue` statements that target this loop (not an inner loop), to become `return`. */
function ownContinues(loop: ts.ForOfStatement): ts.ContinueStatement[] {
  const out: ts.ContinueStatement[] = [];
  walk(loop.statement, (n) => {
    if (isFunctionLike(n) || ts.isIterationStatement(n, false)) return false;
    if (ts.isContinueStatement(n)) out.push(n);
    return undefined;
  });
  return out;
}

function pushesToOuterArray(loop: ts.ForOfStatement): boolean {
  const locals = new Set<string>();
  let pushes = false;
  walk(loop.statement, (n) => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) locals.add(n.name.text);
    return undefined;
  });
  walk(loop.statement, (n) => {
    if (pushes) return false;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(push|unshift)$/.test(n.expression.name.text)) {
      const recv = skipOuter(n.expression.expression);
      if (!ts.isIdentifier(recv) || !locals.has(recv.text)) pushes = true;
    }
    return undefined;
  });
  return pushes;
}

export interface ConcurrentLoopFixInput {
  loop: ts.ForOfStatement;
  /** the awaited call, for the one-statement forms */
  call: ts.CallExpression;
  sf: ts.SourceFile;
  fileName: string;
  /** is the collection an array (has `.map`)? */
  isArray: boolean;
}

/** Renders `xs.map(` / `[...xs].map(` for the collection. */
function mapOver(collection: ts.Expression, isArray: boolean, sf: ts.SourceFile): string {
  const text = collection.getText(sf);
  if (!isArray) return `[...${text}].map(`;
  const e = skipOuter(collection);
  const simple = ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isArrayLiteralExpression(e);
  return simple && e === collection ? `${text}.map(` : `(${text}).map(`;
}

export function concurrentLoopFixes(input: ConcurrentLoopFixInput): Fix[] {
  const { loop, call, sf, fileName, isArray } = input;
  if (loop.awaitModifier || !ts.isVariableDeclarationList(loop.initializer) || loop.initializer.declarations.length !== 1) return [];
  if (ts.isLabeledStatement(loop.parent) || !bodyIsMovable(loop)) return [];
  const param = loop.initializer.declarations[0]!.name.getText(sf);
  const start = loop.getStart(sf);
  const collectionText = loop.expression.getText(sf);
  const stmt = ts.isBlock(loop.statement) && loop.statement.statements.length === 1 ? loop.statement.statements[0]! : loop.statement;
  const callText = call.getText(sf);

  // one statement: `await f(x);` or `out.push(await f(x));`
  let oneLiner: ((runner: (args: string) => string) => string) | undefined;
  if (ts.isExpressionStatement(stmt)) {
    const e = skipOuter(stmt.expression);
    if (ts.isAwaitExpression(e) && skipOuter(e.expression) === call) {
      oneLiner = (run) => `await ${run(`(${param}) => ${callText}`)};`;
    } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'push' && e.arguments.length === 1) {
      const arg = skipOuter(e.arguments[0]!);
      if (ts.isAwaitExpression(arg) && skipOuter(arg.expression) === call) {
        const target = e.expression.expression.getText(sf);
        oneLiner = (run) => `${target}.push(...(await ${run(`(${param}) => ${callText}`)}));`;
      }
    }
  }

  let blockText: string;
  if (ts.isBlock(loop.statement)) {
    const b = loop.statement;
    const bodyStart = b.getStart(sf);
    const edits: TextEdit[] = ownContinues(loop).map((c) => ({ file: fileName, start: c.getStart(sf) - bodyStart, end: c.end - bodyStart, newText: 'return;' }));
    blockText = applyEdits(sf.text.slice(bodyStart, b.end), edits);
  } else {
    if (ts.isContinueStatement(loop.statement)) return [];
    blockText = `{ ${loop.statement.getText(sf)} }`;
  }
  // pushing into an outer array from the body would collect results in completion order
  if (!oneLiner && pushesToOuterArray(loop)) return [];
  const asyncFn = `async (${param}) => ${blockText}`;

  const promiseAll = oneLiner
    ? oneLiner((fn) => `Promise.all(${mapOver(loop.expression, isArray, sf)}${fn}))`)
    : `await Promise.all(${mapOver(loop.expression, isArray, sf)}${asyncFn}));`;
  const pooled = oneLiner
    ? oneLiner((fn) => `${POOL_HELPER_NAME}(${collectionText}, ${POOL_SIZE}, ${fn})`)
    : `await ${POOL_HELPER_NAME}(${collectionText}, ${POOL_SIZE}, ${asyncFn});`;

  const fixes: Fix[] = [
    { title: 'Run the iterations concurrently with `Promise.all`', kind: 'suggestion', edits: [{ file: fileName, start, end: loop.end, newText: promiseAll }] },
  ];
  const poolEdits: TextEdit[] = [{ file: fileName, start, end: loop.end, newText: pooled }];
  if (!new RegExp(`function ${POOL_HELPER_NAME}\\b`).test(sf.text)) {
    const typed = !/\.[cm]?jsx?$/.test(fileName);
    const sep = sf.text.endsWith('\n') ? '' : '\n';
    poolEdits.push({ file: fileName, start: sf.text.length, end: sf.text.length, newText: sep + poolHelperText(typed) });
  }
  fixes.push({ title: `Run the iterations with at most ${POOL_SIZE} in flight (inline worker pool)`, kind: 'suggestion', edits: poolEdits });
  return fixes;
}
