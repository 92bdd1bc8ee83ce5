/**
 * quadratic-loop, linear searches: `xs.includes/indexOf/find/findIndex/some/filter` over an
 * input-sized array inside a loop or per-item callback (directly or through a helper function).
 */
import { ts } from 'ts-morph';
import type { RuleContext } from '../rule';
import { enclosingLoops, iteratedExpression, PER_ITEM_METHODS } from './loops';
import { calleeName, calleeReceiver, dottedName, isFunctionLike, skipOuter, walk, type FunctionLike } from './syntax';
import { arrayEvidence, collectionKind, sizeClass } from './collections';
import { declarationOf, referencedIdentifiers } from './dataflow';
import { describeLoop, invariantLoopChain, type LoopChain } from './loop-chain';
import { keyedPredicate, searchFixes } from './quadratic-search-fixes';
import { growsIn } from './quadratic-nested';

export const SEARCH_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'filter']);
/** methods that only make sense with a callback: on an untyped receiver they still say "array" */
const CALLBACK_SEARCHES = new Set(['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'filter']);

export interface SearchSite {
  call: ts.CallExpression;
  method: string;
  receiver: ts.Expression;
  path: string;
  chain: LoopChain;
}

/** `JSONType[]`, `Role[]` of a literal union or enum: a handful of distinct values at most. */
function holdsEnumeratedValues(recv: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const el = checker.getIndexTypeOfType(checker.getTypeAtLocation(recv), ts.IndexKind.Number);
    if (!el) return false;
    const parts = el.isUnion() ? el.types : [el];
    return parts.every((p) => (p.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.EnumLiteral | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
  } catch {
    return false;
  }
}

/** The callback compares something of its item with something from outside: `(o) => o.userId === u.id`. */
function isJoinCallback(call: ts.CallExpression): boolean {
  const fn = call.arguments[0];
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const params = new Set<string>();
  const bind = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) params.add(n.text);
    else ts.forEachChild(n, bind);
  };
  fn.parameters.forEach((p) => bind(p.name));
  let join = false;
  const names = (e: ts.Expression): string[] => (ts.isIdentifier(e) ? [e.text] : referencedIdentifiers(e).map((i) => i.text));
  walk(fn.body, (n) => {
    if (join) return false;
    if (!ts.isBinaryExpression(n)) return undefined;
    const op = n.operatorToken.kind;
    if (op !== ts.SyntaxKind.EqualsEqualsEqualsToken && op !== ts.SyntaxKind.EqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsEqualsToken && op !== ts.SyntaxKind.ExclamationEqualsToken) return undefined;
    const l = names(n.left);
    const r = names(n.right);
    const item = (ns: string[]): boolean => ns.some((x) => params.has(x));
    const outside = (ns: string[]): boolean => ns.length > 0 && !ns.some((x) => params.has(x));
    if ((item(l) && outside(r)) || (item(r) && outside(l))) join = true;
    return undefined;
  });
  if (!join && ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) {
    const b = skipOuter(fn.body);
    // (x) => x === y as a bare expression is covered by the walk; this catches `(x) => x.id == id` wrapped in parens
    if (ts.isBinaryExpression(b) && b.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken) join = true;
  }
  return join;
}

function hasCallbackArg(call: ts.CallExpression): boolean {
  const a = call.arguments[0];
  return !!a && (ts.isArrowFunction(a) || ts.isFunctionExpression(a));
}

/** Is `recv` an array (by type, or by syntax in untyped JS)? */
function isSearchableArray(recv: ts.Expression, call: ts.CallExpression, method: string, checker: ts.TypeChecker): boolean {
  const kind = collectionKind(recv, checker);
  if (kind === 'array') return true;
  if (kind !== 'unknown') return false;
  return arrayEvidence(recv, checker) || (CALLBACK_SEARCHES.has(method) && hasCallbackArg(call));
}

/** Syntax only, before any checker use: a search method on a dotted receiver, inside a loop. */
export function mayBeLinearSearch(call: ts.CallExpression): boolean {
  const method = calleeName(call);
  if (!method || !SEARCH_METHODS.has(method)) return false;
  const receiver = calleeReceiver(call);
  return !!receiver && dottedName(receiver) !== undefined && enclosingLoops(call).length > 0;
}

/** A linear search in a loop over an input-sized array, or undefined. */
export function linearSearchSite(call: ts.CallExpression, checker: ts.TypeChecker): SearchSite | undefined {
  const method = calleeName(call);
  if (!method || !SEARCH_METHODS.has(method)) return undefined;
  const receiver = calleeReceiver(call);
  const path = receiver ? dottedName(receiver) : undefined;
  if (!receiver || !path) return undefined;
  const loops = enclosingLoops(call);
  if (!loops.length) return undefined;
  const chain = invariantLoopChain(receiver, call, checker, loops);
  if (!chain) return undefined;
  // some((x) => overlaps(x, y)): pairwise work with no key to index is often inherent; only equality joins
  if (CALLBACK_SEARCHES.has(method) && !isJoinCallback(call)) return undefined;
  // includes('integer'): the same answer on every iteration, not a scan per item
  if (call.arguments.length && call.arguments.every((a) => ts.isLiteralExpression(skipOuter(a)))) return undefined;
  if (!isSearchableArray(receiver, call, method, checker)) return undefined;
  if (sizeClass(receiver, checker) !== 'input' || holdsEnumeratedValues(receiver, checker)) return undefined;
  // a while loop (no collection) of unknown length only makes it quadratic when the array grows in it (visited lists)
  if (chain.repeatingSize === 'unknown' && !iteratedExpression(chain.repeating) && !growsIn(chain.loops[0]!, path)) return undefined;
  return { call, method, receiver, path, chain };
}

function keyOfPredicate(call: ts.CallExpression): string | undefined {
  const pred = keyedPredicate(call);
  return pred ? pred.keyPath.join('.') : undefined;
}

export function reportLinearSearch(ctx: RuleContext, site: SearchSite): void {
  const { call, method, path, chain } = site;
  const callee = skipOuter(call.expression);
  const key = keyOfPredicate(call);
  const advice =
    method === 'includes' || method === 'indexOf' || method === 'lastIndexOf'
      ? `index \`${path}\` in a Set before the loop`
      : key
        ? `index \`${path}\` by \`${key}\` in a Map before the loop`
        : `precompute what it looks for before the loop`;
  const message = `\`${path}.${method}\` scans \`${path}\` ${describeLoop(chain.repeating)} — O(n·m); ${advice}`;
  ctx.report({ start: call.getStart(ctx.sourceFile), end: callee.end }, message, {
    related: [{ node: chain.repeating, message: 'the loop that repeats the scan' }],
    data: { pattern: 'linear-search', method, collection: path, loopSize: chain.repeatingSize },
    fixes: searchFixes(ctx, site),
  });
}

// ── through a helper function ────────────────────────────────────────────────────────────────

export interface HelperScan {
  paramIndex: number;
  inner: ts.CallExpression;
  method: string;
}

/** Linear searches in a helper's body over one of its parameters (cached per function). */
function scanHelper(fn: FunctionLike, checker: ts.TypeChecker, cache: Map<ts.Node, HelperScan[]>): HelperScan[] {
  const cached = cache.get(fn);
  if (cached) return cached;
  const out: HelperScan[] = [];
  cache.set(fn, out);
  if (!fn.body) return out;
  walk(fn.body, (n) => {
    if (isFunctionLike(n) && !ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return false;
    if (!ts.isCallExpression(n)) return undefined;
    const method = calleeName(n);
    if (!method || !SEARCH_METHODS.has(method)) return undefined;
    const recv = calleeReceiver(n);
    if (!recv || !ts.isIdentifier(skipOuter(recv))) return undefined;
    const decl = declarationOf(skipOuter(recv), checker);
    if (!decl || !ts.isParameter(decl) || decl.parent !== fn || !ts.isIdentifier(decl.name)) return undefined;
    const kind = collectionKind(recv, checker);
    if (kind !== 'array' && kind !== 'unknown') return undefined;
    out.push({ paramIndex: fn.parameters.indexOf(decl), inner: n, method });
    return undefined;
  });
  return out;
}

function helperFunction(call: ts.CallExpression, checker: ts.TypeChecker): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  const id = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword ? callee.name : undefined;
  if (!id) return undefined;
  const decl = declarationOf(id, checker);
  if (!decl) return undefined;
  const sf = decl.getSourceFile();
  if (sf.isDeclarationFile || sf.fileName.includes('/node_modules/')) return undefined;
  if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && decl.body) return decl;
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    const init = skipOuter(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

const NOT_HELPERS = new Set([...SEARCH_METHODS, ...PER_ITEM_METHODS, 'push', 'pop', 'set', 'get', 'has', 'add', 'delete', 'log', 'error', 'warn', 'info', 'debug', 'require', 'String', 'Number', 'Boolean', 'parseInt', 'parseFloat']);

/** `isBanned(user, bannedIds)` in a loop, where `isBanned` scans its array parameter. */
export function checkHelperCall(ctx: RuleContext, call: ts.CallExpression, cache: Map<ts.Node, HelperScan[]>): void {
  const name = calleeName(call);
  if (!name || NOT_HELPERS.has(name) || call.arguments.length === 0) return;
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee) && !(ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword)) return;
  if (!call.arguments.some((a) => dottedName(a) !== undefined)) return;
  const loops = enclosingLoops(call);
  if (!loops.length) return;
  const checker = ctx.checker;
  const fn = helperFunction(call, checker);
  if (!fn || fn === enclosingFn(call)) return;
  const scans = scanHelper(fn, checker, cache);
  for (const scan of scans) {
    const arg = call.arguments[scan.paramIndex];
    if (!arg || call.arguments.slice(0, scan.paramIndex + 1).some(ts.isSpreadElement)) continue;
    const path = dottedName(arg);
    if (!path) continue;
    const chain = invariantLoopChain(arg, call, checker, loops);
    if (!chain) continue;
    const kind = collectionKind(arg, checker);
    if (!(kind === 'array' || (kind === 'unknown' && (arrayEvidence(arg, checker) || CALLBACK_SEARCHES.has(scan.method))))) continue;
    if (sizeClass(arg, checker) !== 'input' || chain.repeatingSize !== 'input') continue;
    const innerText = `${dottedName(calleeReceiver(scan.inner)!) ?? '…'}.${scan.method}`;
    const message = `\`${name}(…)\` scans \`${path}\` (\`${innerText}\` in \`${name}\`) ${describeLoop(chain.repeating)} — O(n·m); index \`${path}\` once before the loop`;
    ctx.report({ start: call.getStart(ctx.sourceFile), end: call.expression.end }, message, {
      related: [
        { node: scan.inner, message: `the scan inside \`${name}\`` },
        { node: chain.repeating, message: 'the loop that repeats the scan' },
      ],
      data: { pattern: 'linear-search-via-helper', method: scan.method, collection: path, helper: name, loopSize: chain.repeatingSize },
    });
    return;
  }
}

function enclosingFn(node: ts.Node): ts.Node | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) if (isFunctionLike(cur)) return cur;
  return undefined;
}

