/**
 * Is a cache key drawn from a small, fixed domain? A long-lived map keyed only by such keys holds
 * at most one entry per possible key, so it cannot grow with traffic. Proved by data flow, not by
 * names: literals, literal unions and enums (by type), module-level constants, templates and
 * concatenations of those, and parameters whose every visible caller passes such a key.
 */
import { ts, type Project } from 'ts-morph';
import { skipOuter, type FunctionLike } from './syntax';
import { declarationOf } from './dataflow';
import { visibleCalls } from './callers';

export interface KeyOptions {
  checker: ts.TypeChecker;
  project?: Project;
}

/** caller hops and const hops together */
const MAX_CALLER_DEPTH = 6;

export function isFiniteKey(key: ts.Expression | undefined, opts: KeyOptions, depth = 0): boolean {
  if (!key || depth > 8) return false;
  const k = skipOuter(key);
  if (ts.isStringLiteralLike(k) || ts.isNumericLiteral(k) || k.kind === ts.SyntaxKind.TrueKeyword || k.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isTemplateExpression(k)) return k.templateSpans.every((s) => isFiniteKey(s.expression, opts, depth));
  if (ts.isBinaryExpression(k) && k.operatorToken.kind === ts.SyntaxKind.PlusToken) return isFiniteKey(k.left, opts, depth) && isFiniteKey(k.right, opts, depth);
  if (ts.isConditionalExpression(k)) return isFiniteKey(k.whenTrue, opts, depth) && isFiniteKey(k.whenFalse, opts, depth);
  if (hasLiteralType(k, opts.checker)) return true;
  if (ts.isIdentifier(k) || ts.isPropertyAccessExpression(k)) {
    const decl = declarationOf(ts.isIdentifier(k) ? k : k.name, opts.checker);
    if (!decl) return false;
    if (ts.isParameter(decl)) return parameterIsFinite(decl, opts, depth);
    const init = constantInitializer(decl);
    if (init) return isFiniteKey(init, opts, depth + 1);
  }
  return false;
}

/** Keys typed as a literal, a union of literals, an enum member or boolean. */
function hasLiteralType(k: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const t = checker.getTypeAtLocation(k);
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => p.isLiteral() || (p.flags & (ts.TypeFlags.BooleanLiteral | ts.TypeFlags.EnumLiteral | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
  } catch {
    return false;
  }
}

/**
 * The initializer of a value that never changes: a `const`, or a property of a
 * module-level const object literal (`const CONFIG = { region: 'eu' }` → `CONFIG.region`).
 */
function constantInitializer(decl: ts.Declaration): ts.Expression | undefined {
  // any `const` holds its initializer (a local one too); object properties only on module-level consts
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) && isConst(decl)) return decl.initializer;
  if (ts.isPropertyAssignment(decl) && ts.isObjectLiteralExpression(decl.parent)) {
    const holder = decl.parent.parent;
    if (holder && ts.isVariableDeclaration(holder) && isModuleConst(holder)) return decl.initializer;
  }
  return undefined;
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isModuleConst(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 && !!list.parent && ts.isVariableStatement(list.parent) && ts.isSourceFile(list.parent.parent);
}

/** A parameter is a fixed key when the function's callers are all visible and each passes a fixed key. */
function parameterIsFinite(param: ts.ParameterDeclaration, opts: KeyOptions, depth: number): boolean {
  if (depth >= MAX_CALLER_DEPTH || param.dotDotDotToken || !ts.isIdentifier(param.name)) return false;
  const fn = param.parent as FunctionLike;
  const index = fn.parameters.indexOf(param);
  const calls = visibleCalls(fn, opts);
  if (!calls) return false;
  return calls.every((call) => {
    if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'apply') return false;
    const shift = isCallOrApply(call) ? 1 : 0;
    const arg = call.arguments[index + shift];
    // a missing argument takes the default (a literal default is a fixed key) or undefined
    if (!arg) return !param.initializer || isFiniteKey(param.initializer, opts, depth + 1);
    if (ts.isSpreadElement(arg) || call.arguments.slice(0, index + shift).some(ts.isSpreadElement)) return false;
    return isFiniteKey(arg, opts, depth + 1);
  });
}

function isCallOrApply(call: ts.CallExpression): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && e.name.text === 'call';
}

const LOG_METHODS = /^(warn|warning|emitWarning|log|info|error|debug|trace|notice|deprecate)$/;

/**
 * A warn-once set: the key is the text of the message the same function logs (`if (!warned[msg])
 * { warned[msg] = true; logger.warn(msg) }`). Its keys are the program's own warnings, one entry
 * per distinct message written to the log — not per request. An id embedded in a message
 * (`warn(\`user ${id}…\`)`) is not the message and does not count.
 */
export function isLoggedMessageKey(key: ts.Expression | undefined, fn: FunctionLike | undefined): boolean {
  if (!key || !fn?.body) return false;
  const keyText = skipOuter(key).getText();
  const joined = joinedParts(key, fn);
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && n.arguments.length > 0) {
      const callee = n.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      const first = n.arguments[0]!;
      // `const message = params.join(' ')` … `warn(...params)`: the same text, logged part by part
      const spreadsJoined = joined !== undefined && ts.isSpreadElement(first) && skipOuter(first.expression).getText() === joined;
      if (name && LOG_METHODS.test(name) && (spreadsJoined || messageLeadsWith(first, keyText))) found = true;
    }
    if (n !== fn.body && ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}

/** For a key that is a `const` of `fn` initialised with `parts.join(…)`: the text of `parts`. */
function joinedParts(key: ts.Expression, fn: FunctionLike): string | undefined {
  const k = skipOuter(key);
  if (!ts.isIdentifier(k) || !fn.body) return undefined;
  let parts: string | undefined;
  const visit = (n: ts.Node): void => {
    if (parts !== undefined) return;
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === k.text && n.initializer && ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) {
      const init = skipOuter(n.initializer);
      if (ts.isCallExpression(init) && ts.isPropertyAccessExpression(init.expression) && init.expression.name.text === 'join') parts = skipOuter(init.expression.expression).getText();
      return;
    }
    if (n !== fn.body && ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return parts;
}

function messageLeadsWith(message: ts.Expression, keyText: string): boolean {
  const m = skipOuter(message);
  if (m.getText() === keyText) return true;
  if (ts.isTemplateExpression(m)) return m.head.text === '' && skipOuter(m.templateSpans[0]!.expression).getText() === keyText;
  if (ts.isBinaryExpression(m) && m.operatorToken.kind === ts.SyntaxKind.PlusToken) return messageLeadsWith(m.left, keyText);
  return false;
}

/**
 * Does this function load code (`import(…)`, `require(path)` with a computed path, `loader.import(…)`)?
 * A table filled next to a module load has one entry per loaded module, and Node's module cache
 * keeps every loaded module for the life of the process anyway: the table is bounded by the code
 * the process loads and dwarfed by it — evicting its entries would free nothing.
 */
export function loadsModules(fn: FunctionLike | undefined): boolean {
  if (!fn?.body) return false;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) found = true;
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'import') found = true;
      else if (ts.isIdentifier(callee) && callee.text === 'require' && n.arguments[0] && !ts.isStringLiteralLike(n.arguments[0])) found = true;
    }
    if (n !== fn.body && ts.isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  visit(fn.body);
  return found;
}
