/**
 * quadratic-loop, nested loops and in-place shifting:
 * - an inner loop over an input-sized collection, invariant in the outer loop, that searches it
 *   for a match with the outer item (`if (o.userId === u.id)`): a join a Map index does in O(n+m);
 * - `splice` / `shift` / `unshift` on an input-sized array in a loop: each moves the rest of the array.
 */
import { ts } from 'ts-morph';
import type { RuleContext } from '../rule';
import { enclosingLoops, iteratedExpression, loopBody, type LoopLike } from './loops';
import { calleeName, calleeReceiver, dottedName, isFunctionLike, skipOuter, walk } from './syntax';
import { arrayEvidence, collectionKind, loopSize, sizeClass } from './collections';
import { referencedIdentifiers } from './dataflow';
import { describeLoop, invariantLoopChain } from './loop-chain';
import { shiftFixes, spliceFixes } from './quadratic-nested-fixes';

const INNER_PER_ITEM = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'every']);

/** Names a loop binds per iteration: `for (const { id, tags } of xs)`, `(o, i) =>`, `for (let j = 0; …)`. */
export function loopBoundNames(loop: LoopLike): Set<string> {
  const names = new Set<string>();
  const addBinding = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    else ts.forEachChild(n, addBinding);
  };
  if (ts.isCallExpression(loop)) {
    const fn = loop.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as ts.ArrowFunction | undefined;
    fn?.parameters.forEach((p) => addBinding(p.name));
  } else if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop) || ts.isForStatement(loop)) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
    loop.initializer.declarations.forEach((d) => addBinding(d.name));
  }
  return names;
}

/** Names declared per iteration by the outer loops: their bindings and the consts of their bodies (outside `inner`). */
function outerNames(outer: LoopLike[], inner: ts.Node): Set<string> {
  const names = new Set<string>();
  for (const loop of outer) {
    loopBoundNames(loop).forEach((n) => names.add(n));
    const body = loopBody(loop);
    if (!body) continue;
    walk(body, (n) => {
      if (n === inner || (isFunctionLike(n) && n !== body.parent)) return false;
      if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) names.add(n.name.text);
      return undefined;
    });
  }
  return names;
}

interface Join {
  innerSide: string;
  outerSide: string;
}

function isSkipSelf(cmp: ts.BinaryExpression): boolean {
  let top: ts.Node = cmp;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const stmt = top.parent;
  if (!stmt || !ts.isIfStatement(stmt) || stmt.expression !== top) return false;
  const then = ts.isBlock(stmt.thenStatement) ? stmt.thenStatement.statements[0] : stmt.thenStatement;
  return !!then && ts.isContinueStatement(then);
}

/** `a[i].id` and `a[j].id` (or `x.id` and `y.id`): both sides read the same named property. */
function sameKeyAccess(a: ts.Expression, b: ts.Expression): boolean {
  const x = skipOuter(a);
  const y = skipOuter(b);
  return ts.isPropertyAccessExpression(x) && ts.isPropertyAccessExpression(y) && x.name.text === y.name.text;
}

/** An equality test between something of the inner item and something of the outer item. */
function findJoin(inner: LoopLike, outer: LoopLike[], sameCollection: boolean, sameKeyOnly = false): Join | undefined {
  const body = loopBody(inner);
  if (!body) return undefined;
  const innerNames = loopBoundNames(inner);
  const outers = outerNames(outer, inner);
  for (const n of innerNames) outers.delete(n);
  let join: Join | undefined;
  walk(body, (n) => {
    if (join) return false;
    if (!ts.isBinaryExpression(n)) return undefined;
    const op = n.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
    if (isSkipSelf(n)) return undefined;
    const names = (e: ts.Expression): string[] => (ts.isIdentifier(e) ? [e.text] : referencedIdentifiers(e).map((i) => i.text));
    const side = (e: ts.Expression): 'inner' | 'outer' | undefined => {
      const ns = names(e);
      const hasInner = ns.some((x) => innerNames.has(x));
      const hasOuter = ns.some((x) => outers.has(x));
      return hasInner && !hasOuter ? 'inner' : hasOuter && !hasInner ? 'outer' : undefined;
    };
    const l = side(n.left);
    const r = side(n.right);
    if (!l || !r || l === r) return undefined;
    const innerSide = l === 'inner' ? n.left : n.right;
    const outerSide = l === 'inner' ? n.right : n.left;
    if (sameCollection && ts.isIdentifier(skipOuter(innerSide)) && ts.isIdentifier(skipOuter(outerSide))) return undefined;
    if (sameKeyOnly && !sameKeyAccess(innerSide, outerSide)) return undefined;
    join = { innerSide: innerSide.getText(), outerSide: outerSide.getText() };
    return false;
  });
  return join;
}

/** `for (let j = i + 1; …)` / `j < i`: pairwise or triangular walks are inherent, not a join to index. */
function startsFromOuterIndex(loop: ts.ForStatement, outer: LoopLike[]): boolean {
  const outerBound = new Set<string>();
  outer.forEach((l) => loopBoundNames(l).forEach((n) => outerBound.add(n)));
  const header = [loop.initializer, loop.condition].filter((x): x is ts.Expression | ts.VariableDeclarationList => !!x);
  return header.some((h) => referencedIdentifiers(h).some((id) => outerBound.has(id.text)));
}

export function checkNestedLoop(ctx: RuleContext, node: ts.Node): void {
  let inner: LoopLike;
  if (ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node)) inner = node;
  else if (ts.isCallExpression(node) && INNER_PER_ITEM.has(calleeName(node) ?? '') && node.arguments.some((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a))) inner = node;
  else return;
  const collection = iteratedExpression(inner);
  const path = collection ? dottedName(collection) : undefined;
  if (!collection || !path) return;
  const loops = enclosingLoops(inner);
  if (!loops.length) return;
  // A pairwise walk (`j = i + 1`) is inherent (distances, overlaps), unless it only matches items
  // on the same key (`a[i].id === a[j].id`): that is a self-join a Map by key does in one pass.
  const pairwise = ts.isForStatement(inner) && startsFromOuterIndex(inner, loops);
  if (pairwise && !findJoin(inner, loops, true, true)) return;
  const checker = ctx.checker;
  const chain = invariantLoopChain(collection, inner, checker, loops);
  if (!chain) return;
  if (loopSize(inner, checker) !== 'input') return;
  const outerCollection = iteratedExpression(chain.repeating);
  const join = findJoin(inner, chain.loops, !!outerCollection && dottedName(outerCollection) === path, pairwise);
  if (!join) return;
  if (pairwise) {
    const key = join.innerSide.split('.').pop();
    ctx.report({ start: inner.getStart(ctx.sourceFile), end: (inner as ts.ForStatement).statement.pos }, `the loop over \`${path}\` compares each item with every later one to match \`${join.outerSide} === ${join.innerSide}\` — O(n²); group \`${path}\` by \`${key}\` in a Map in one pass instead`, {
      related: [{ node: chain.repeating, message: 'the outer loop' }],
      data: { pattern: 'pairwise-join', collection: path, loopSize: chain.repeatingSize },
    });
    return;
  }
  const end = ts.isCallExpression(inner) ? inner.expression.end : inner.statement.pos;
  const key = join.innerSide.split('.').pop();
  const message = `the loop over \`${path}\` runs ${describeLoop(chain.repeating)} to match \`${join.innerSide} === ${join.outerSide}\` — O(n·m); index \`${path}\` by \`${key}\` in a Map before the outer loop`;
  ctx.report({ start: inner.getStart(ctx.sourceFile), end }, message, {
    related: [{ node: chain.repeating, message: 'the outer loop' }],
    data: { pattern: 'nested-loop', collection: path, loopSize: chain.repeatingSize },
  });
}

/** Is `path` pushed to inside `loop` (and the loop goes on after the push)? */
export function growsIn(loop: ts.Node, path: string): boolean {
  let grows = false;
  walk(loop, (n) => {
    if (grows) return false;
    if (ts.isCallExpression(n) && calleeName(n) === 'push' && calleeReceiver(n) && dottedName(calleeReceiver(n)!) === path && !exitsRightAfter(n)) grows = true;
    return undefined;
  });
  return grows;
}

function usesBothEnds(loop: ts.Node, path: string): boolean {
  const seen = new Set<string>();
  walk(loop, (n) => {
    if (ts.isCallExpression(n) && calleeReceiver(n) && dottedName(calleeReceiver(n)!) === path) seen.add(calleeName(n) ?? '');
    return undefined;
  });
  return seen.has('shift') && seen.has('unshift');
}

// ── splice / shift / unshift in a loop ───────────────────────────────────────────────────────

const SHIFTING = new Set(['splice', 'shift', 'unshift']);

/** `xs.splice(i, 1); break;` or `return xs.splice(…)`: one shift, then the loop ends. */
export function exitsRightAfter(call: ts.CallExpression): boolean {
  let stmt: ts.Node = call;
  while (stmt.parent && !ts.isStatement(stmt)) {
    if (isFunctionLike(stmt)) return false;
    stmt = stmt.parent;
  }
  // the statement that runs next: a later sibling, or (at the end of an if/else/block) the one after that
  for (;;) {
    if (ts.isReturnStatement(stmt) || ts.isThrowStatement(stmt)) return true;
    const holder: ts.Node | undefined = stmt.parent;
    if (!holder) return false;
    if (ts.isBlock(holder) || ts.isCaseClause(holder) || ts.isDefaultClause(holder)) {
      const list = holder.statements;
      const next = list[list.indexOf(stmt as ts.Statement) + 1];
      if (next) return ts.isBreakStatement(next) || ts.isReturnStatement(next) || ts.isThrowStatement(next);
      if (!ts.isBlock(holder)) return false;
      stmt = holder;
      continue;
    }
    if (ts.isIfStatement(holder) || ts.isLabeledStatement(holder)) {
      stmt = holder;
      continue;
    }
    return false;
  }
}

/**
 * `xs.splice(-1, 1)`, `xs.splice(xs.length - 2)`: the start is counted from the end, so nothing
 * after it moves — a pop, O(1) per call, not a shift of the rest.
 */
function splicesAtTail(start: ts.Expression, path: string): boolean {
  const e = skipOuter(start);
  const literal = (x: ts.Expression): boolean => ts.isNumericLiteral(skipOuter(x));
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && literal(e.operand)) return true;
  const isLength = (x: ts.Expression): boolean => {
    const l = skipOuter(x);
    return ts.isPropertyAccessExpression(l) && l.name.text === 'length' && dottedName(l.expression) === path;
  };
  if (isLength(e)) return true;
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.MinusToken && isLength(e.left) && literal(e.right);
}

export function checkShifting(ctx: RuleContext, call: ts.CallExpression): void {
  const method = calleeName(call);
  if (!method || !SHIFTING.has(method)) return;
  const recv = calleeReceiver(call);
  const path = recv ? dottedName(recv) : undefined;
  if (!recv || !path) return;
  if (method === 'splice' && (call.arguments.length === 0 || splicesAtTail(call.arguments[0]!, path))) return;
  const loops = enclosingLoops(call);
  if (!loops.length || exitsRightAfter(call)) return;
  const checker = ctx.checker;
  const chain = invariantLoopChain(recv, call, checker, loops);
  if (!chain) return;
  const kind = collectionKind(recv, checker);
  if (!(kind === 'array' || (kind === 'unknown' && arrayEvidence(recv, checker)))) return;
  if (sizeClass(recv, checker) !== 'input') return;
  // Draining a list (CLI args, a small batch) is fine; it is the loop over an input-sized
  // collection, or a work queue that grows while it is consumed, that goes quadratic.
  if (chain.repeatingSize !== 'input' && !(method === 'shift' && growsIn(chain.loops[0]!, path))) return;
  // unshift + shift on the same array in one loop body: a stack kept at the front, it does not grow
  if (method !== 'splice' && usesBothEnds(chain.loops[0]!, path)) return;
  const why = method === 'unshift' ? `moves every element of \`${path}\` up` : `moves the rest of \`${path}\` down`;
  const instead = method === 'splice' ? 'filter once instead' : method === 'shift' ? 'walk it with an index instead' : 'push and reverse once instead';
  const message = `\`${path}.${method}\` ${why} ${describeLoop(chain.repeating)} — O(n²); ${instead}`;
  ctx.report({ start: call.getStart(ctx.sourceFile), end: skipOuter(call.expression).end }, message, {
    related: [{ node: chain.repeating, message: 'the loop' }],
    data: { pattern: method, collection: path, loopSize: chain.repeatingSize },
    fixes: method === 'shift' ? shiftFixes(ctx, call, path, loops[0]!) : method === 'splice' ? spliceFixes(ctx, call, path, loops[0]!) : [],
  });
}
