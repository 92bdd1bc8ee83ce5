/**
 * "Does this call run once per item, with that item?" — for N+1 detection. Finds the per-item loop
 * around a node (for-of/for-in/indexed for, `.map/.forEach/.flatMap/.reduce` callbacks, `async.each*`,
 * crossing `.then/.catch/.finally` callbacks and Promise executors of a promise chain), the names bound
 * to the item and the locals derived from it, and the shapes that are sequential by design (each
 * iteration feeds the next, early exit) or not per item at all (a fixed small literal list).
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, isFunctionLike, skipOuter, type FunctionLike } from './syntax';
import { isLoopStatement } from './loops';

export type PerItemKind = 'for-of' | 'for-in' | 'for-index' | 'callback';

export interface PerItemLoop {
  /** the loop statement, or the `.map(…)`-like call */
  loop: ts.IterationStatement | ts.CallExpression;
  kind: PerItemKind;
  /** the iterated collection, when it is a plain expression */
  collection: ts.Expression | undefined;
  /** the repeated body (statement or callback body) */
  body: ts.Node;
  /** the callback, for callback loops */
  callback?: ts.ArrowFunction | ts.FunctionExpression;
  /** names bound to the current item (loop variable, callback parameters) */
  itemNames: Set<string>;
  /** true for `Promise.all(xs.map(…))`-style concurrent fan-out (still N round trips) */
  concurrent: boolean;
}

const PER_ITEM_CALLBACK_METHODS = new Set(['map', 'forEach', 'flatMap', 'reduce', 'reduceRight']);
const ASYNC_LIB_METHODS = new Set(['each', 'eachSeries', 'eachLimit', 'map', 'mapSeries', 'mapLimit', 'forEachOf', 'eachOf', 'eachOfSeries', 'mapValues', 'forEach', 'forEachSeries', 'forEachLimit']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/** The per-item loop whose iteration runs `node`, or undefined (not per item, or sequential by construction). */
export function perItemLoopOf(node: ts.Node): PerItemLoop | undefined {
  let child: ts.Node = node;
  for (let cur = node.parent; cur; child = cur, cur = cur.parent) {
    if (isLoopStatement(cur)) {
      if (ts.isForStatement(cur) && child === cur.initializer) continue;
      if ((ts.isForOfStatement(cur) || ts.isForInStatement(cur)) && (child === cur.expression || child === cur.initializer)) continue;
      return statementLoop(cur);
    }
    if (isFunctionLike(cur)) {
      const cb = callbackLoop(cur);
      if (cb) return cb;
      if (isChainCallback(cur)) continue;
      return undefined;
    }
    if (ts.isSourceFile(cur)) return undefined;
  }
  return undefined;
}

function statementLoop(loop: ts.IterationStatement): PerItemLoop | undefined {
  if (ts.isForOfStatement(loop)) {
    if (loop.awaitModifier) return undefined; // `for await` over a stream/cursor: sequential by nature
    return { loop, kind: 'for-of', collection: loop.expression, body: loop.statement, itemNames: bindingNames(loop.initializer), concurrent: false };
  }
  if (ts.isForInStatement(loop)) {
    return { loop, kind: 'for-in', collection: loop.expression, body: loop.statement, itemNames: bindingNames(loop.initializer), concurrent: false };
  }
  if (ts.isForStatement(loop) && loop.condition && ts.isBinaryExpression(loop.condition) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
    // for (let i = 0; i < xs.length; i++): the index is the item
    const right = skipOuter(loop.condition.right);
    const left = skipOuter(loop.condition.left);
    if (ts.isPropertyAccessExpression(right) && right.name.text === 'length' && ts.isIdentifier(left)) {
      return { loop, kind: 'for-index', collection: right.expression, body: loop.statement, itemNames: new Set([left.text]), concurrent: false };
    }
  }
  // while/do/counted for: polling, retry, pagination — no item to batch by
  return undefined;
}

function callbackLoop(fn: FunctionLike): PerItemLoop | undefined {
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn)) return undefined;
  const name = calleeName(call);
  const receiver = calleeReceiver(call);
  if (!name) return undefined;
  let itemParams: readonly ts.ParameterDeclaration[] | undefined;
  let collection: ts.Expression | undefined;
  if (PER_ITEM_CALLBACK_METHODS.has(name) && receiver && call.arguments[0] === fn) {
    itemParams = name === 'reduce' || name === 'reduceRight' ? fn.parameters.slice(1) : fn.parameters;
    collection = receiver;
  } else if (name === 'from' && call.arguments[1] === fn) {
    itemParams = fn.parameters;
    collection = call.arguments[0];
  } else if (ASYNC_LIB_METHODS.has(name) && receiver && ts.isIdentifier(skipOuter(receiver)) && /^async$/i.test((skipOuter(receiver) as ts.Identifier).text) && call.arguments[0] !== fn) {
    itemParams = fn.parameters.slice(0, 1);
    collection = call.arguments[0];
  }
  if (!itemParams) return undefined;
  const names = new Set<string>();
  for (const p of itemParams) for (const n of bindingNames(p.name)) names.add(n);
  return { loop: call, kind: 'callback', collection, body: fn.body, callback: fn, itemNames: names, concurrent: isConcurrentFanOut(call) };
}

/** `Promise.all(xs.map(…))`, `Promise.allSettled(…)`, or a map whose promises are collected. */
function isConcurrentFanOut(call: ts.CallExpression): boolean {
  if (calleeName(call) !== 'map' && calleeName(call) !== 'flatMap') return false;
  const parent = call.parent;
  return !!parent && ts.isCallExpression(parent) && /^(all|allSettled|any|race)$/.test(calleeName(parent) ?? '');
}

/** A callback of `p.then(…)`/`.catch`/`.finally` or a `new Promise(executor)`: runs once when its chain runs. */
function isChainCallback(fn: FunctionLike): boolean {
  const parent = fn.parent;
  if (!parent) return false;
  if (ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) return CHAIN_METHODS.has(calleeName(parent) ?? '') && !!calleeReceiver(parent);
  if (ts.isNewExpression(parent) && parent.arguments?.[0] === fn) return ts.isIdentifier(parent.expression) && parent.expression.text === 'Promise';
  return false;
}

export function bindingNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    else if (ts.isVariableDeclarationList(n)) n.declarations.forEach((d) => visit(d.name));
    else if (ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) {
      n.elements.forEach((el) => {
        if (ts.isBindingElement(el)) visit(el.name);
      });
    }
  };
  visit(node);
  return out;
}

/** True when `node` reads one of `names` as a value (property names and keys don't count). */
export function referencesAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n)) {
      if (names.has(n.text) && isValueReference(n)) found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** Value-position identifiers under `node`. */
export function referencedNames(node: ts.Node): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      if (isValueReference(n)) out.add(n.text);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isTypeReferenceNode(p) || ts.isQualifiedName(p)) return false;
  return true;
}

/**
 * Names that hold the current item or something computed from it before `at`:
 * `for (const o of orders) { const id = o.userId; … }` → { o, id }.
 */
export function itemDerivedNames(loop: PerItemLoop, at: ts.Node): Set<string> {
  const names = new Set(loop.itemNames);
  const visit = (n: ts.Node): void => {
    if (n.pos >= at.pos) return;
    if (ts.isVariableDeclaration(n) && n.initializer && n.end <= at.pos && referencesAny(n.initializer, names)) {
      for (const name of bindingNames(n.name)) names.add(name);
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(loop.body, visit);
  return names;
}

/** Names assigned inside `body` (=, op=, ++, --) that are declared outside it: loop-carried state. */
export function loopCarriedNames(body: ts.Node): Set<string> {
  const assigned = new Set<string>();
  const declared = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n)) for (const name of bindingNames(n.name)) declared.add(name);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const left = skipOuter(n.left);
      if (ts.isIdentifier(left)) assigned.add(left.text);
      else if (ts.isObjectLiteralExpression(left) || ts.isArrayLiteralExpression(left)) for (const name of referencedNames(left)) assigned.add(name);
    }
    if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
      const operand = skipOuter(n.operand);
      if (ts.isIdentifier(operand)) assigned.add(operand.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(body);
  for (const d of declared) assigned.delete(d);
  return assigned;
}

/** A `return` or a `break` of this loop inside a loop statement's body: "stop at the first hit" search. */
export function hasEarlyExit(loop: ts.IterationStatement): boolean {
  let found = false;
  const visit = (n: ts.Node, loopDepth: number): void => {
    if (found) return;
    if (isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isReturnStatement(n)) {
      found = true;
      return;
    }
    if (ts.isBreakStatement(n) && !n.label && loopDepth === 0) {
      found = true;
      return;
    }
    const nested = isLoopStatement(n) || ts.isSwitchStatement(n) ? 1 : 0;
    ts.forEachChild(n, (c) => visit(c, loopDepth + nested));
  };
  visit(loop.statement, 0);
  return found;
}

const SMALL_LIST_LIMIT = 20;

/** `['a', 'b']`, a const bound to such a literal, or `Object.keys(CONST_OBJECT)`: not input-sized. */
export function isSmallFixedCollection(expr: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (!expr) return false;
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) return e.elements.length <= SMALL_LIST_LIMIT && !e.elements.some(ts.isSpreadElement);
  if (ts.isCallExpression(e) && /^(keys|values|entries)$/.test(calleeName(e) ?? '') && e.arguments[0]) {
    const recv = calleeReceiver(e);
    if (recv && ts.isIdentifier(recv) && recv.text === 'Object') {
      const obj = constInitializer(e.arguments[0], checker);
      return !!obj && ts.isObjectLiteralExpression(obj) && obj.properties.length <= SMALL_LIST_LIMIT;
    }
    return false;
  }
  const init = constInitializer(e, checker);
  return !!init && ts.isArrayLiteralExpression(init) && init.elements.length <= SMALL_LIST_LIMIT && !init.elements.some(ts.isSpreadElement);
}

function constInitializer(expr: ts.Expression, checker: ts.TypeChecker): ts.Expression | undefined {
  const e = skipOuter(expr);
  if (ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(e);
  } catch {
    return undefined;
  }
  const decl = symbol?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return skipOuter(decl.initializer);
}

export type { FunctionLike };
