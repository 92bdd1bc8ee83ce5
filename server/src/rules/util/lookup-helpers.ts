/**
 * Lookups hidden behind a helper: `for (const id of ids) await getUser(id)` where `getUser` (in this
 * file or another one) runs `pool.query(…, [id])`. A helper summary says whether a function issues
 * a data-layer lookup keyed by one of its parameters; summaries are cached per declaration.
 */
import { ts } from 'ts-morph';
import { isFunctionLike, skipOuter, type FunctionLike } from './syntax';
import { bindingNames, perItemLoopOf, referencesAny } from './per-item-flow';
import { classifyLookup, mayBeLookup, type Lookup } from './data-layer-lookups';
import { checkerTable } from './memo';

export interface HelperSummary {
  /** the lookup inside the helper (possibly through further helpers) */
  lookup: Lookup;
  /** the helper's declaration */
  fn: FunctionLike;
  name: string;
  /**
   * The lookup requests whatever URL the caller passes as this parameter (`getJson(url)` →
   * `fetch(url)`): per item only when the caller's argument is keyed by the item
   * (`getJson(\`${API}/widgets/${id}\`)`), decided at the call site.
   */
  urlParam?: number;
}

const MAX_HELPER_DEPTH = 3;
/**
 * Summaries per checker (one program version): a helper's summary depends on other declarations
 * (what `db` is), which an edit elsewhere can change while the helper's own nodes stay the same.
 */
function summariesFor(checker: ts.TypeChecker): WeakMap<ts.Node, HelperSummary | null> {
  return checkerTable<ts.Node, HelperSummary | null>(checker, 'helperSummaries');
}

/** The function a call invokes, when it is declared with a body in the project (not a .d.ts). */
export function calledFunction(call: ts.CallExpression, checker: ts.TypeChecker): { fn: FunctionLike; name: string } | undefined {
  const callee = skipOuter(call.expression);
  const nameNode = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!nameNode || !ts.isIdentifier(nameNode)) return undefined;
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(nameNode);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
  for (const decl of symbol?.declarations ?? []) {
    if (decl.getSourceFile().isDeclarationFile || /\/node_modules\//.test(decl.getSourceFile().fileName)) continue;
    const fn = functionOfDeclaration(decl);
    if (fn && fn.body) return { fn, name: nameNode.text };
  }
  return undefined;
}

function functionOfDeclaration(decl: ts.Declaration): FunctionLike | undefined {
  if (isFunctionLike(decl)) return decl;
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer) {
    const init = skipOuter(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  // JS: exports.getUser = function (…) {…} / this.getUser = …
  if ((ts.isPropertyAccessExpression(decl) || ts.isIdentifier(decl)) && decl.parent && ts.isBinaryExpression(decl.parent)) {
    const init = skipOuter(decl.parent.right);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** Does calling `fn` issue a lookup keyed by one of its parameters? */
export function summarizeHelper(fn: FunctionLike, name: string, checker: ts.TypeChecker, depth = 0): HelperSummary | undefined {
  const summaries = summariesFor(checker);
  const cached = summaries.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  if (depth > MAX_HELPER_DEPTH || !fn.body) return undefined;
  summaries.set(fn, null); // recursion guard
  const params = new Set<string>();
  for (const p of fn.parameters) for (const n of bindingNames(p.name)) params.add(n);
  let result: HelperSummary | undefined;
  if (params.size > 0) {
    const derived = paramDerivedNames(fn, params);
    const visit = (n: ts.Node): void => {
      if (result) return;
      if (ts.isCallExpression(n) && referencesAny(n, derived) && !perItemLoopOf(n)) {
        result = lookupIn(n, fn, name, derived, checker, depth);
      }
      // a nested function declared inside the helper only runs if called: skip it (chain callbacks are fine)
      if (isFunctionLike(n) && n !== fn && !isInlineCallback(n)) return;
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(fn.body, visit);
  }
  summaries.set(fn, result ?? null);
  return result;
}

function isInlineCallback(fn: FunctionLike): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !!fn.parent && (ts.isCallExpression(fn.parent) || ts.isNewExpression(fn.parent));
}

function lookupIn(call: ts.CallExpression, fn: FunctionLike, name: string, derived: Set<string>, checker: ts.TypeChecker, depth: number): HelperSummary | undefined {
  if (!mayBeLookup(call)) return undefined;
  const found = classifyLookup(call, checker, isAsyncPosition(call));
  if (found && found !== 'batched') {
    if (!referencesAny(found.call, derived)) return undefined;
    if (found.url && !isKeyedUrl(found.url, found.params, derived)) {
      const urlParam = found.params ? -1 : parameterIndex(found.url, fn);
      return urlParam >= 0 ? { lookup: found, fn, name, urlParam } : undefined;
    }
    return { lookup: found, fn, name };
  }
  if (found === 'batched') return undefined;
  const inner = calledFunction(call, checker);
  if (!inner || inner.fn === fn) return undefined;
  const nested = summarizeHelper(inner.fn, inner.name, checker, depth + 1);
  if (!nested) return undefined;
  if (nested.urlParam === undefined) return { lookup: nested.lookup, fn, name };
  // the URL handed down: keyed here by this helper's parameters, or handed on from its own caller
  const arg = call.arguments[nested.urlParam];
  if (!arg) return undefined;
  if (isKeyedUrl(arg, undefined, derived)) return { lookup: nested.lookup, fn, name };
  const urlParam = parameterIndex(arg, fn);
  return urlParam >= 0 ? { lookup: nested.lookup, fn, name, urlParam } : undefined;
}

/** Index of the parameter this expression is (a plain identifier parameter), or -1. */
function parameterIndex(expr: ts.Expression, fn: FunctionLike): number {
  const e = skipOuter(expr);
  if (!ts.isIdentifier(e)) return -1;
  return fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === e.text && !p.dotDotDotToken);
}

function paramDerivedNames(fn: FunctionLike, params: Set<string>): Set<string> {
  const names = new Set(params);
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.initializer && referencesAny(n.initializer, names)) for (const b of bindingNames(n.name)) names.add(b);
    ts.forEachChild(n, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return names;
}

/** Awaited, returned, `.then`-chained, collected into an array, or given a node-style callback. */
export function isAsyncPosition(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
  if (ts.isArrowFunction(parent) && parent.body === node) return true;
  if (ts.isPropertyAccessExpression(parent) && /^(then|catch|finally|exec|lean|populate|toArray|json)$/.test(parent.name.text)) return true;
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const name = ts.isPropertyAccessExpression(parent.expression) ? parent.expression.name.text : ts.isIdentifier(parent.expression) ? parent.expression.text : '';
    if (/^(push|all|allSettled|resolve)$/.test(name)) return true;
  }
  if (ts.isArrayLiteralExpression(parent)) return true;
  const last = call.arguments.at(-1);
  return !!last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last));
}

/**
 * An HTTP lookup keyed by the item: a fixed base with an item-derived part (`${API}/users/${id}`,
 * `'/users/' + id`, `{ params: { id } }`). A URL that *is* the item (`fetch(url)`, `${svc.url}/health`)
 * is a different endpoint per item — nothing to batch (serial-await's business).
 */
export function isKeyedUrl(url: ts.Expression, params: ts.Expression | undefined, derived: ReadonlySet<string>): boolean {
  if (params && referencesAny(params, derived)) return !referencesAny(url, derived) || isKeyedUrl(url, undefined, derived);
  const parts = urlParts(skipOuter(url));
  if (!parts) return false;
  const first = parts[0]!;
  if (typeof first !== 'string' && referencesAny(first, derived)) return false; // the base is per item
  const hasPath = parts.some((p) => typeof p === 'string' && /[/?=]/.test(p));
  const keyed = parts.some((p) => typeof p !== 'string' && referencesAny(p, derived));
  return hasPath && keyed;
}

/** Template or `+` concatenation → literal strings and expressions, in order. */
function urlParts(e: ts.Expression): (string | ts.Expression)[] | undefined {
  if (ts.isTemplateExpression(e)) {
    const parts: (string | ts.Expression)[] = [];
    if (e.head.text) parts.push(e.head.text);
    for (const span of e.templateSpans) {
      parts.push(span.expression);
      if (span.literal.text) parts.push(span.literal.text);
    }
    return parts;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = urlParts(skipOuter(e.left)) ?? [e.left];
    const r = urlParts(skipOuter(e.right)) ?? [e.right];
    return [...l, ...r];
  }
  if (ts.isStringLiteralLike(e)) return [e.text];
  return undefined;
}
