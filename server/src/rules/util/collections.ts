/**
 * What is this collection, and how big can it get? Answers "is the receiver of `.includes` an
 * Array, a Set or a string" (types first, syntax when the file is untyped JS) and "is this array
 * input-sized (a parameter, a query result, something pushed to) or fixed (a small literal, a
 * module-level constant, an item's own children)".
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, dottedName, isFunctionLike, skipOuter, walk } from './syntax';
import { declarationOf, declarationScope, grownIn } from './dataflow';
import { perItemCallOf } from './loops';
import { visibleCalls } from './callers';
import { checkerTable } from './memo';
import type { Project } from 'ts-morph';

export type CollectionKind = 'array' | 'string' | 'set' | 'map' | 'other' | 'unknown';

function kindOfType(t: ts.Type, checker: ts.TypeChecker): CollectionKind {
  if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  if (t.isUnion()) {
    const kinds = new Set(t.types.filter((u) => !(u.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))).map((u) => kindOfType(u, checker)));
    return kinds.size === 1 ? [...kinds][0]! : kinds.has('string') ? 'string' : 'other';
  }
  if (t.flags & ts.TypeFlags.StringLike) return 'string';
  if (checker.isArrayType(t) || checker.isTupleType(t)) return 'array';
  const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
  if (name === 'Set' || name === 'ReadonlySet' || name === 'WeakSet') return 'set';
  if (name === 'Map' || name === 'ReadonlyMap' || name === 'WeakMap') return 'map';
  return 'other';
}

/** The kind of collection an expression holds, by its type; `unknown` for `any` (untyped JS). */
export function collectionKind(expr: ts.Expression, checker: ts.TypeChecker): CollectionKind {
  try {
    return kindOfType(checker.getTypeAtLocation(expr), checker);
  } catch {
    return 'unknown';
  }
}

/** Is the type a fixed-length tuple (`as const`, `[a, b]`)? */
export function isTupleTyped(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const t = checker.getTypeAtLocation(expr);
    return checker.isTupleType(t) && !((t as ts.TupleTypeReference).target.combinedFlags & ts.ElementFlags.Variable);
  } catch {
    return false;
  }
}

const ARRAY_PRODUCING_METHODS = new Set(['map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'split', 'keys', 'values', 'entries', 'from', 'of', 'sort', 'reverse']);

/** Syntactic evidence that an (untyped) expression is an array: `[]`, `xs.map(…)`, `Array.from`, `str.split`. */
export function arrayEvidence(expr: ts.Expression, checker: ts.TypeChecker, depth = 0): boolean {
  if (depth > 4) return false;
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) return true;
  if (ts.isCallExpression(e)) {
    const name = calleeName(e);
    if (name === 'from' || name === 'of' || name === 'isArray') return ts.isPropertyAccessExpression(skipOuter(e.expression)) && skipOuter(e.expression).getText() .startsWith('Array.');
    if (name && ['keys', 'values', 'entries'].includes(name)) return skipOuter(e.expression).getText().startsWith('Object.');
    if (name && ARRAY_PRODUCING_METHODS.has(name)) {
      const recv = calleeReceiver(e);
      const fnArg = e.arguments[0] && (ts.isArrowFunction(e.arguments[0]) || ts.isFunctionExpression(e.arguments[0]));
      // `xs.map(fn)` / `xs.filter(fn)`: only arrays (and array-likes with the same linear methods) have them
      if ((name === 'map' || name === 'filter' || name === 'flatMap') && fnArg) return true;
      return name === 'split' || (!!recv && arrayEvidence(recv, checker, depth + 1));
    }
    return false;
  }
  if (ts.isIdentifier(e)) {
    const decl = declarationOf(e, checker);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) return arrayEvidence(decl.initializer, checker, depth + 1);
  }
  return false;
}

/**
 * How many items a collection expression can hold:
 * - `fixed`: a literal or module-level constant, a fixed-length tuple, a small numeric bound;
 * - `child`: derived from one item of an enclosing iteration (an order's own `items`);
 * - `input`: grows with the program's input (a parameter, a query/fetch result, an array pushed to);
 * - `unknown`: cannot tell (an arbitrary call's result, an object's keys).
 */
export type SizeClass = 'fixed' | 'child' | 'input' | 'unknown';

export function sizeClass(expr: ts.Expression, checker: ts.TypeChecker, depth = 0): SizeClass {
  if (depth > 6) return 'unknown';
  const e = skipOuter(expr);
  if (ts.isArrayLiteralExpression(e)) return literalArraySize(e, checker, depth);
  if (ts.isStringLiteralLike(e) || ts.isNumericLiteral(e)) return 'fixed';
  if (ts.isAwaitExpression(e)) return 'input';
  if (ts.isConditionalExpression(e)) return largerSize(sizeClass(e.whenTrue, checker, depth + 1), sizeClass(e.whenFalse, checker, depth + 1));
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return largerSize(sizeClass(e.left, checker, depth + 1), sizeClass(e.right, checker, depth + 1));
  }
  if (ts.isElementAccessExpression(e)) {
    // rows[i] is one item of rows: its own children
    const container = sizeClass(e.expression, checker, depth + 1);
    return container === 'fixed' ? 'fixed' : 'child';
  }
  if (ts.isCallExpression(e)) return callSize(e, checker, depth);
  if (ts.isPropertyAccessExpression(e)) return propertySize(e, checker, depth);
  if (ts.isIdentifier(e)) return identifierSize(e, checker, depth);
  return 'unknown';
}

const SIZE_ORDER: SizeClass[] = ['fixed', 'child', 'unknown', 'input'];
function largerSize(a: SizeClass, b: SizeClass): SizeClass {
  return SIZE_ORDER.indexOf(a) >= SIZE_ORDER.indexOf(b) ? a : b;
}

function literalArraySize(e: ts.ArrayLiteralExpression, checker: ts.TypeChecker, depth: number): SizeClass {
  let size: SizeClass = 'fixed';
  for (const el of e.elements) {
    if (ts.isSpreadElement(el)) {
      const s = sizeClass(el.expression, checker, depth + 1);
      if (s === 'input' || (s === 'unknown' && size === 'fixed') || (s === 'child' && size === 'fixed')) size = s;
    }
  }
  return size;
}

function callSize(e: ts.CallExpression, checker: ts.TypeChecker, depth: number): SizeClass {
  const name = calleeName(e);
  const callee = skipOuter(e.expression);
  const calleeText = ts.isPropertyAccessExpression(callee) ? callee.expression.getText() : '';
  if (calleeText === 'Object' && name && ['keys', 'values', 'entries'].includes(name) && e.arguments[0]) {
    const s = sizeClass(e.arguments[0], checker, depth + 1);
    return s === 'fixed' || s === 'child' ? s : 'unknown';
  }
  if (calleeText === 'Array' && name === 'from' && e.arguments[0] && ts.isObjectLiteralExpression(skipOuter(e.arguments[0]))) return arrayLikeSize(skipOuter(e.arguments[0]) as ts.ObjectLiteralExpression, checker);
  if ((calleeText === 'Array' && name === 'from') || (calleeText === 'Object' && name === 'freeze')) return e.arguments[0] ? sizeClass(e.arguments[0], checker, depth + 1) : 'unknown';
  if (name === 'split') {
    const recv = calleeReceiver(e);
    return recv && ts.isStringLiteralLike(skipOuter(recv)) ? 'fixed' : 'input';
  }
  const recv = calleeReceiver(e);
  if (recv && name && ARRAY_PRODUCING_METHODS.has(name)) return sizeClass(recv, checker, depth + 1);
  // any other call returning an array: data from elsewhere (a query, a parser, a reader)
  return 'input';
}

/**
 * `Array.from({ length: n }, …)`: as many items as `n` says — fixed for a small literal (a handful
 * of slots), input-sized for anything else (a parameter, or a literal large enough to be the
 * workload, as in a script that builds its test data).
 */
function arrayLikeSize(o: ts.ObjectLiteralExpression, checker: ts.TypeChecker): SizeClass {
  const length = o.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'length');
  if (!length) return 'unknown';
  const value = ts.isPropertyAssignment(length) ? length.initializer : ts.isShorthandPropertyAssignment(length) ? length.name : undefined;
  const n = value ? literalNumber(value, checker) : undefined;
  return n !== undefined && n <= SMALL_LITERAL_LENGTH ? 'fixed' : 'input';
}

const SMALL_LITERAL_LENGTH = 64;

/** The value of a numeric literal, or of a const bound to one. */
function literalNumber(expr: ts.Expression, checker: ts.TypeChecker): number | undefined {
  const e = skipOuter(expr);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (!ts.isIdentifier(e)) return undefined;
  const decl = declarationOf(e, checker);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || (decl.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const init = skipOuter(decl.initializer);
  return ts.isNumericLiteral(init) ? Number(init.text) : undefined;
}

function propertySize(e: ts.PropertyAccessExpression, checker: ts.TypeChecker, depth: number): SizeClass {
  if (e.name.text === 'argv' && e.expression.getText() === 'process') return 'fixed';
  // A property declared with a literal array (config objects, readonly class fields) is fixed.
  const decl = declarationOf(e.name, checker);
  // module.exports = { safeMethods }: the exported variable decides
  if (decl && ts.isShorthandPropertyAssignment(decl)) return sizeClass(decl.name, checker, depth + 1);
  if (decl && (ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    let init = skipOuter(decl.initializer);
    if (ts.isCallExpression(init) && dottedName(init.expression) === 'Object.freeze' && init.arguments[0]) init = skipOuter(init.arguments[0]);
    if (ts.isArrayLiteralExpression(init) && literalArraySize(init, checker, depth) === 'fixed') {
      const path = e.getText();
      const file = e.getSourceFile();
      return grownIn(file, path) ? 'input' : 'fixed';
    }
    if (ts.isPropertyDeclaration(decl)) return 'input';
  }
  if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return 'input';
  const root = sizeClass(e.expression, checker, depth + 1);
  if (root === 'child' || root === 'fixed') return root;
  return 'input';
}

function isLoopItemDeclaration(decl: ts.Node): boolean {
  let d: ts.Node = decl;
  while (ts.isBindingElement(d) || ts.isObjectBindingPattern(d) || ts.isArrayBindingPattern(d)) d = d.parent;
  if (ts.isParameter(d)) return !!perItemCallOf(d.parent);
  if (ts.isVariableDeclaration(d)) {
    const list = d.parent;
    const stmt = list?.parent;
    return !!stmt && (ts.isForOfStatement(stmt) || ts.isForInStatement(stmt)) && stmt.initializer === list;
  }
  return false;
}

function identifierSize(e: ts.Identifier, checker: ts.TypeChecker, depth: number): SizeClass {
  const decl = declarationOf(e, checker);
  // a function's own `arguments`: as many as its call sites pass, written out in code
  if (e.text === 'arguments' && (!decl || decl.getSourceFile().isDeclarationFile)) return 'fixed';
  if (!decl) return 'unknown';
  if (ts.isEnumDeclaration(decl)) return 'fixed';
  if (isLoopItemDeclaration(decl)) return 'child';
  let holder: ts.Node = decl;
  while (ts.isBindingElement(holder) || ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder)) holder = holder.parent;
  if (ts.isParameter(holder)) {
    if (isTupleTyped(e, checker)) return 'fixed';
    return holder === decl && callerSizing && callersPassFixed(holder, checker, depth) ? 'fixed' : 'input';
  }
  const exported = exportedLiteralSize(decl, checker, depth);
  if (exported) return exported;
  if (!ts.isVariableDeclaration(holder)) return 'unknown';
  if (isTupleTyped(e, checker)) return 'fixed';
  if (!holder.initializer) return grownInScope(decl, e.text) ? 'input' : 'unknown';
  const init = skipOuter(holder.initializer);
  if (holder !== decl) {
    // const { rows } = await pool.query(…) / const { items } = order
    const s = sizeClass(init, checker, depth + 1);
    return s === 'fixed' ? 'unknown' : s;
  }
  if (ts.isArrayLiteralExpression(init)) {
    const s = literalArraySize(init, checker, depth);
    if (s !== 'fixed') return s;
    return grownInScope(decl, e.text) ? 'input' : 'fixed';
  }
  if (ts.isNewExpression(init) && init.expression.getText() === 'Array') return 'input';
  if (ts.isNewExpression(init) && /^(Set|Map)$/.test(init.expression.getText())) {
    const arg = init.arguments?.[0];
    const s = arg ? sizeClass(arg, checker, depth + 1) : 'fixed';
    return s === 'fixed' && grownInScope(decl, e.text) ? 'input' : s === 'fixed' ? 'fixed' : s;
  }
  const s = sizeClass(init, checker, depth + 1);
  if (s !== 'fixed' && s !== 'child' && grownInScope(decl, e.text)) return 'input';
  return s;
}

/** Set while a rule that sizes parameters by their callers runs (see withCallerSizing). */
let callerSizing: { project: Project } | undefined;

/**
 * Run `fn` with parameters sized by their callers (quadratic-loop: an O(n·m) claim needs both sides
 * input-sized). Other rules keep the plain answer — a parameter is input — e.g. loop-invariant,
 * where hoisting pays off however the demo caller fills the list.
 */
export function withCallerSizing<T>(project: Project, fn: () => T): T {
  const outer = callerSizing;
  callerSizing = { project };
  try {
    return fn();
  } finally {
    callerSizing = outer;
  }
}

/**
 * A parameter that every visible caller fills with a fixed, small collection (a literal, a
 * module-level constant list, the parameter's literal default): `validate(opts, ALLOWED_NAMES)`.
 * Callers are found by symbol in the file and in the files that import it; a function passed
 * around as a value has callers we cannot see.
 */
function callersPassFixed(param: ts.ParameterDeclaration, checker: ts.TypeChecker, depth: number): boolean {
  const table = checkerTable<ts.ParameterDeclaration, boolean>(checker, 'callersPassFixed');
  const hit = table.get(param);
  if (hit !== undefined) return hit;
  table.set(param, false); // a recursive function passing its own parameter proves nothing
  const answer = computeCallersPassFixed(param, checker, depth);
  table.set(param, answer);
  return answer;
}

function computeCallersPassFixed(param: ts.ParameterDeclaration, checker: ts.TypeChecker, depth: number): boolean {
  if (param.dotDotDotToken || !ts.isIdentifier(param.name) || !isFunctionLike(param.parent)) return false;
  const fn = param.parent;
  if (fn.body && grownIn(fn.body, param.name.text)) return false;
  const index = fn.parameters.indexOf(param);
  const calls = visibleCalls(fn, { checker, project: callerSizing?.project });
  if (!calls) return false;
  return calls.every((call) => {
    if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'apply') return false;
    const shift = ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'call' ? 1 : 0;
    if (call.arguments.slice(0, index + shift + 1).some(ts.isSpreadElement)) return false;
    const arg = call.arguments[index + shift];
    const given = arg ?? param.initializer;
    return !!given && sizeClass(given, checker, depth + 1) === 'fixed';
  });
}

/** `exports.names = ['a', 'b']` / `module.exports.names = [...]` (CommonJS constant lists), when nothing grows them. */
function exportedLiteralSize(decl: ts.Node, checker: ts.TypeChecker, depth: number): SizeClass | undefined {
  if (!ts.isPropertyAccessExpression(decl)) return undefined;
  const assign = decl.parent;
  if (!assign || !ts.isBinaryExpression(assign) || assign.left !== decl || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  if (!/^(module\.)?exports$/.test(decl.expression.getText())) return undefined;
  const init = skipOuter(assign.right);
  if (!ts.isArrayLiteralExpression(init) || literalArraySize(init, checker, depth) !== 'fixed') return undefined;
  const path = decl.getText();
  let grows = false;
  walk(decl.getSourceFile(), (n) => {
    if (grows) return false;
    if (!ts.isPropertyAccessExpression(n) || n === decl || dottedName(n) !== path) return undefined;
    const p = n.parent;
    if (p && ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) grows = true;
    if (p && ts.isPropertyAccessExpression(p) && p.expression === n && /^(push|unshift|splice|concat)$/.test(p.name.text)) grows = true;
    return undefined;
  });
  return grows ? 'input' : 'fixed';
}

/** Does the collection grow (or get replaced) anywhere in its scope? Deleting from it does not count. */
function grownInScope(decl: ts.Node, name: string): boolean {
  const scope = declarationScope(decl) ?? decl.getSourceFile();
  return grownIn(scope, name);
}

/** Is this function the callback of a per-item array method? (re-exported for rule code) */
export function isPerItemCallback(fn: ts.Node): boolean {
  return isFunctionLike(fn) && !!perItemCallOf(fn);
}

/** Receivers of per-item methods that iterate a collection (not an Observable, Query or Model). */
function iteratesCollection(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const recv = calleeName(call) === 'from' ? call.arguments[0] : calleeReceiver(call);
  if (!recv) return false;
  const kind = collectionKind(recv, checker);
  if (kind === 'array' || kind === 'set' || kind === 'map') return true;
  if (kind === 'unknown') return arrayEvidence(recv, checker) || ['forEach', 'map', 'filter', 'some', 'every', 'findIndex', 'reduce', 'flatMap'].includes(calleeName(call) ?? '');
  return false;
}

/** Numeric bound of `i < N` when N is a literal or a const bound to one. */
function literalBound(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = skipOuter(expr);
  if (ts.isNumericLiteral(e)) return true;
  if (ts.isIdentifier(e)) {
    const decl = declarationOf(e, checker);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isNumericLiteral(skipOuter(decl.initializer))) {
      return (decl.parent.flags & ts.NodeFlags.Const) !== 0;
    }
  }
  return false;
}

/**
 * How many times a loop (statement or per-item call) runs: the size class of what it iterates;
 * `fixed` for small literal bounds; `unknown` for while loops; `undefined` when the "loop" is a
 * per-item-looking call on something that is not a collection (rxjs, a Query, a Model).
 */
export function loopSize(loop: ts.IterationStatement | ts.CallExpression, checker: ts.TypeChecker): SizeClass | undefined {
  if (ts.isCallExpression(loop)) {
    if (!iteratesCollection(loop, checker)) return undefined;
    const recv = calleeName(loop) === 'from' ? loop.arguments[0] : calleeReceiver(loop);
    return recv ? sizeClass(recv, checker) : 'unknown';
  }
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return sizeClass(loop.expression, checker);
  const cond = ts.isForStatement(loop) || ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? (ts.isForStatement(loop) ? loop.condition : loop.expression) : undefined;
  if (!cond) return 'unknown';
  const c = skipOuter(cond);
  if (ts.isBinaryExpression(c) && [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(c.operatorToken.kind)) {
    const upward = c.operatorToken.kind === ts.SyntaxKind.LessThanToken || c.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken;
    let bound = upward ? c.right : c.left;
    if (!upward && literalBound(c.right, checker)) {
      // for (let i = xs.length - 1; i >= 0; i--): the bound is the start
      const init = ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations[0]?.initializer : undefined;
      if (!init) return 'unknown';
      bound = init;
    }
    if (literalBound(bound, checker)) return 'fixed';
    const b = skipOuter(bound);
    const lengthOf = ts.isPropertyAccessExpression(b) && b.name.text === 'length' ? b.expression : undefined;
    if (lengthOf) return sizeClass(lengthOf, checker);
    if (ts.isBinaryExpression(b) && ts.isPropertyAccessExpression(skipOuter(b.left)) && (skipOuter(b.left) as ts.PropertyAccessExpression).name.text === 'length') {
      return sizeClass((skipOuter(b.left) as ts.PropertyAccessExpression).expression, checker);
    }
    if (ts.isIdentifier(b)) {
      // i < n: a parameter count is input-sized; a local (an index found earlier) is not known to be
      const decl = declarationOf(b, checker);
      if (decl && ts.isParameter(decl)) return 'input';
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
        const init = skipOuter(decl.initializer);
        if (ts.isPropertyAccessExpression(init) && init.name.text === 'length') return sizeClass(init.expression, checker);
      }
      return 'unknown';
    }
    return 'unknown';
  }
  return 'unknown';
}
