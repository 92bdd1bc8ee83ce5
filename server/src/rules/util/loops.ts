/** Loops and per-item callbacks: what "runs once per item" means for every rule. */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, isFunctionLike, type FunctionLike } from './syntax';

export type LoopLike = ts.IterationStatement | ts.CallExpression;

/** Array methods whose callback runs once per element. */
export const PER_ITEM_METHODS = new Set([
  'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
  'findLastIndex', 'flatMap', 'sort', 'toSorted',
]);

export function isLoopStatement(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)
  );
}

/** If fn is the callback of `xs.map(fn)` (or forEach/filter/…), that call; else undefined. */
export function perItemCallOf(fn: ts.Node): ts.CallExpression | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return undefined;
  const name = calleeName(call);
  if (name && PER_ITEM_METHODS.has(name) && calleeReceiver(call)) return call;
  // Array.from(xs, fn)
  if (name === 'from' && call.arguments[1] === fn) return call;
  return undefined;
}

/** The collection a loop or per-item call iterates over, when it is a plain expression. */
export function iteratedExpression(loop: LoopLike): ts.Expression | undefined {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return loop.expression;
  if (ts.isCallExpression(loop)) {
    if (calleeName(loop) === 'from') return loop.arguments[0];
    return calleeReceiver(loop);
  }
  if (ts.isForStatement(loop) && loop.condition && ts.isBinaryExpression(loop.condition)) {
    // for (let i = 0; i < xs.length; i++) → xs
    const right = loop.condition.right;
    if (ts.isPropertyAccessExpression(right) && right.name.text === 'length') return right.expression;
  }
  return undefined;
}

/**
 * Loops (statements and per-item callbacks) enclosing `node`, innermost first, within the same
 * function body chain: crossing into a per-item callback counts as a loop, crossing any other
 * function boundary stops the search (a callback defined in a loop does not run per iteration).
 */
export function enclosingLoops(node: ts.Node): LoopLike[] {
  const loops: LoopLike[] = [];
  let child: ts.Node = node;
  for (let cur = node.parent; cur; child = cur, cur = cur.parent) {
    if (isLoopStatement(cur)) {
      // Only the body (and the condition/incrementor of a for) repeats; the initializer runs once.
      if (ts.isForStatement(cur) && child === cur.initializer) continue;
      if ((ts.isForOfStatement(cur) || ts.isForInStatement(cur)) && (child === cur.expression || child === cur.initializer)) continue;
      loops.push(cur);
    } else if (isFunctionLike(cur)) {
      const call = perItemCallOf(cur);
      if (!call) break;
      loops.push(call);
      // continue above the per-item call
      child = call;
      cur = call;
    }
  }
  return loops;
}

export function innermostLoop(node: ts.Node): LoopLike | undefined {
  return enclosingLoops(node)[0];
}

export function isInLoop(node: ts.Node): boolean {
  return enclosingLoops(node).length > 0;
}

/** The body that repeats for a loop-like. */
export function loopBody(loop: LoopLike): ts.Node | undefined {
  if (ts.isCallExpression(loop)) {
    const fn = loop.arguments.find((a) => isFunctionLike(a)) as FunctionLike | undefined;
    return fn?.body;
  }
  return loop.statement;
}
