/**
 * Fixes for linear searches in loops: hoist a `Set` (includes / indexOf ≥ 0) or a `Map` index by
 * key (find / findIndex / some / filter by `===`) before the outermost loop and look up in it.
 * `safe` only when the rewrite provably keeps behaviour (receiver not mutated or handed out in the
 * loop, equality semantics match: string keys, no NaN difference); else `suggestion`.
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleContext } from '../rule';
import { dottedName, isFunctionLike, rootIdentifier, skipOuter, walk } from './syntax';
import { declarationOf, MUTATING_METHODS, mutatedIn, referencedIdentifiers } from './dataflow';
import { capitalize, freshName, hoistPoint, insertBefore, lastName, type HoistPoint } from './hoist';
import type { SearchSite } from './quadratic-search';

const JS_FILE = /\.(js|jsx|mjs|cjs)$/;

export function searchFixes(ctx: RuleContext, site: SearchSite): Fix[] {
  const base = hoistBase(ctx, site);
  if (!base) return [];
  if (site.method === 'includes' || site.method === 'indexOf') return setFix(ctx, site, base);
  if (['find', 'findIndex', 'some', 'filter'].includes(site.method)) return mapFix(ctx, site, base);
  return [];
}

interface HoistBase {
  point: HoistPoint;
  /** receiver is a local name only read in the loop: mutation through aliases is ruled out */
  readOnly: boolean;
}

function hoistBase(ctx: RuleContext, site: SearchSite): HoistBase | undefined {
  const { chain, receiver, path } = site;
  const point = hoistPoint(chain.outermost, ctx.sourceFile);
  if (!point) return undefined;
  if (mutatedIn(chain.outermost, path)) return undefined;
  const root = rootIdentifier(receiver);
  if (root) {
    const decl = declarationOf(root, ctx.checker);
    if (!decl) return undefined;
    const declaredBefore = ts.isParameter(decl) ? isFunctionLike(decl.parent) && decl.parent.pos < point.statement.pos : decl.getSourceFile() !== ctx.sourceFile || decl.end <= point.statement.getStart(ctx.sourceFile);
    if (!declaredBefore) return undefined;
  } else if (skipOuter(receiver).kind !== ts.SyntaxKind.ThisKeyword && !path.startsWith('this.')) return undefined;
  const readOnly = ts.isIdentifier(skipOuter(receiver)) && onlyReadIn(chain.outermost, path);
  return { point, readOnly };
}

/** Every use of `path` in `region` reads it: `xs.length`, `xs.includes(…)`, `xs[i]`, `for (… of xs)`. */
function onlyReadIn(region: ts.Node, path: string): boolean {
  let ok = true;
  walk(region, (n) => {
    if (!ok) return false;
    if (!(ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) || dottedName(n) !== path) return undefined;
    const p = n.parent;
    if (ts.isPropertyAccessExpression(p) && p.expression === n) {
      if (MUTATING_METHODS.has(p.name.text)) ok = false;
      return false;
    }
    if (ts.isElementAccessExpression(p) && p.expression === n) return false;
    if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.expression === n) return false;
    ok = false;
    return false;
  });
  return ok;
}

function elementTypeIsNumberish(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const t = checker.getTypeAtLocation(expr);
    const el = checker.getIndexTypeOfType(t, ts.IndexKind.Number);
    return !el || numberish(el);
  } catch {
    return true;
  }
}

function numberish(t: ts.Type): boolean {
  if (t.isUnion()) return t.types.some(numberish);
  return (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter | ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0;
}

function isStringKey(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const t = checker.getTypeAtLocation(expr);
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => (p.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0) && parts.some((p) => (p.flags & ts.TypeFlags.StringLike) !== 0);
  } catch {
    return false;
  }
}

const FOUND = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.ExclamationEqualsEqualsToken, '-1'], [ts.SyntaxKind.ExclamationEqualsToken, '-1'], [ts.SyntaxKind.GreaterThanToken, '-1'], [ts.SyntaxKind.GreaterThanEqualsToken, '0'],
]);
const NOT_FOUND = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.EqualsEqualsEqualsToken, '-1'], [ts.SyntaxKind.EqualsEqualsToken, '-1'], [ts.SyntaxKind.LessThanToken, '0'],
]);

/** The node to replace and whether the lookup is negated, for `includes(x)` and `indexOf(x) !== -1` forms. */
function membershipTest(call: ts.CallExpression): { node: ts.Node; negated: boolean; arg: ts.Expression } | undefined {
  if (call.questionDotToken || call.arguments.length !== 1 || ts.isSpreadElement(call.arguments[0]!)) return undefined;
  const arg = call.arguments[0]!;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken) return undefined;
  if (callee.name.text === 'includes') return { node: call, negated: false, arg };
  let top: ts.Node = call;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  const bin = top.parent;
  if (!bin || !ts.isBinaryExpression(bin) || bin.left !== top) return undefined;
  const rightText = skipOuter(bin.right).getText().replace(/\s+/g, '');
  if (FOUND.get(bin.operatorToken.kind) === rightText) return { node: bin, negated: false, arg };
  if (NOT_FOUND.get(bin.operatorToken.kind) === rightText) return { node: bin, negated: true, arg };
  return undefined;
}

function setFix(ctx: RuleContext, site: SearchSite, base: HoistBase): Fix[] {
  const sf = ctx.sourceFile;
  if (!membershipTest(site.call)) return [];
  // every membership test on the same array in the loop uses the Set: one fix, one declaration
  const tests: { node: ts.Node; negated: boolean; arg: ts.Expression }[] = [];
  let usesIndexOf = false;
  walk(site.chain.outermost, (n) => {
    if (!ts.isCallExpression(n)) return undefined;
    const callee = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(callee) || dottedName(callee.expression) !== site.path) return undefined;
    if (callee.name.text !== 'includes' && callee.name.text !== 'indexOf') return undefined;
    const t = membershipTest(n);
    if (t) {
      tests.push(t);
      if (callee.name.text === 'indexOf') usesIndexOf = true;
    }
    return undefined;
  });
  const name = freshName(`${lastName(site.path)}Set`, sf);
  const edits: TextEdit[] = [insertBefore(base.point, `const ${name} = new Set(${site.receiver.getText(sf)});`, ctx.fileName, sf)];
  for (const t of tests) {
    edits.push({ file: ctx.fileName, start: t.node.getStart(sf), end: t.node.end, newText: `${t.negated ? '!' : ''}${name}.has(${t.arg.getText(sf)})` });
  }
  // indexOf uses ===, a Set SameValueZero: they differ only on NaN
  const safe = base.readOnly && !(usesIndexOf && elementTypeIsNumberish(site.receiver, ctx.checker));
  return [{ title: `Index \`${site.path}\` in a Set before the loop and use \`${name}.has\``, kind: safe ? 'safe' : 'suggestion', edits }];
}

interface KeyedPredicate {
  param: string;
  /** property path below the item: ['user', 'id'] */
  keyPath: string[];
  itemSide: ts.Expression;
  keySide: ts.Expression;
}

/** `(o) => o.id === key` (or `key === o.id`, or a block with that single return). */
export function keyedPredicate(call: ts.CallExpression): KeyedPredicate | undefined {
  if (call.questionDotToken || call.arguments.length !== 1) return undefined;
  const fn = call.arguments[0]!;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters.length !== 1) return undefined;
  const p = fn.parameters[0]!;
  if (!ts.isIdentifier(p.name) || p.dotDotDotToken || p.initializer) return undefined;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (!only || !ts.isReturnStatement(only) || !only.expression) return undefined;
    body = only.expression;
  }
  const cmp = skipOuter(body as ts.Expression);
  if (!ts.isBinaryExpression(cmp) || cmp.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) return undefined;
  const param = p.name.text;
  const pathOf = (e: ts.Expression): string[] | undefined => {
    const d = dottedName(e);
    if (!d || !d.startsWith(`${param}.`)) return undefined;
    return d.slice(param.length + 1).split('.');
  };
  const usesParam = (e: ts.Expression): boolean => referencedIdentifiers(e).some((id) => id.text === param);
  const simple = (e: ts.Expression): boolean => dottedName(e) !== undefined || ts.isLiteralExpression(skipOuter(e));
  for (const [itemSide, keySide] of [[cmp.left, cmp.right], [cmp.right, cmp.left]] as const) {
    const keyPath = pathOf(itemSide);
    if (keyPath && !usesParam(keySide) && simple(keySide)) return { param, keyPath, itemSide, keySide };
  }
  return undefined;
}

const READ_ONLY_RESULT_USES = new Set(['length', 'map', 'forEach', 'some', 'every', 'reduce', 'find', 'includes', 'join', 'slice', 'filter', 'flatMap']);

function mapFix(ctx: RuleContext, site: SearchSite, base: HoistBase): Fix[] {
  const sf = ctx.sourceFile;
  const pred = keyedPredicate(site.call);
  if (!pred) return [];
  const { param, keyPath } = pred;
  const recvText = site.receiver.getText(sf);
  const rootName = rootIdentifier(site.receiver)?.text;
  if (rootName === param || param === 'group' || param === 'i') return [];
  const isJs = JS_FILE.test(ctx.fileName);
  const typed = !isJs && !site.path.startsWith('this');
  const el = `(typeof ${recvText})[number]`;
  const keyType = `${el}${keyPath.map((k) => `['${k}']`).join('')}`;
  const item = `${param}.${keyPath.join('.')}`;
  const keyName = capitalize(keyPath[keyPath.length - 1]!);
  const recvName = lastName(site.path);
  const { indent } = base.point;
  let name: string;
  let declaration: string;
  let lookup: (key: string) => string;
  switch (site.method) {
    case 'find':
      name = freshName(`${recvName}By${keyName}`, sf);
      declaration = `const ${name} = new Map${typed ? `<${keyType}, ${el}>` : ''}();\n${indent}for (const ${param} of ${recvText}) if (!${name}.has(${item})) ${name}.set(${item}, ${param});`;
      lookup = (k) => `${name}.get(${k})`;
      break;
    case 'findIndex':
      name = freshName(`${recvName}IndexBy${keyName}`, sf);
      declaration = `const ${name} = new Map${typed ? `<${keyType}, number>` : ''}();\n${indent}${recvText}.forEach((${param}, i) => {\n${indent}  if (!${name}.has(${item})) ${name}.set(${item}, i);\n${indent}});`;
      lookup = (k) => `(${name}.get(${k}) ?? -1)`;
      break;
    case 'some':
      name = freshName(`${recvName}${keyName}Set`, sf);
      declaration = `const ${name} = new Set(${recvText}.map((${param}) => ${item}));`;
      lookup = (k) => `${name}.has(${k})`;
      break;
    default:
      name = freshName(`${recvName}By${keyName}`, sf);
      declaration =
        `const ${name} = new Map${typed ? `<${keyType}, ${el}[]>` : ''}();\n` +
        `${indent}for (const ${param} of ${recvText}) {\n` +
        `${indent}  const group = ${name}.get(${item});\n` +
        `${indent}  if (group) group.push(${param});\n` +
        `${indent}  else ${name}.set(${item}, [${param}]);\n` +
        `${indent}}`;
      lookup = (k) => `(${name}.get(${k}) ?? [])`;
  }
  // the same lookup elsewhere in the loop shares the index
  const edits: TextEdit[] = [insertBefore(base.point, declaration, ctx.fileName, sf)];
  let resultsOnlyRead = true;
  walk(site.chain.outermost, (n) => {
    if (!ts.isCallExpression(n)) return undefined;
    const callee = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== site.method || dottedName(callee.expression) !== site.path) return undefined;
    const other = keyedPredicate(n);
    if (!other || other.keyPath.join('.') !== keyPath.join('.')) return undefined;
    const parent = n.parent;
    if (!(ts.isPropertyAccessExpression(parent) && READ_ONLY_RESULT_USES.has(parent.name.text)) && !(ts.isForOfStatement(parent) && parent.expression === n)) resultsOnlyRead = false;
    edits.push({ file: ctx.fileName, start: n.getStart(sf), end: n.end, newText: lookup(other.keySide.getText(sf)) });
    return undefined;
  });
  const safe = base.readOnly && isStringKey(pred.itemSide, ctx.checker) && (site.method !== 'filter' || resultsOnlyRead);
  const what = site.method === 'some' ? `a Set of \`${item}\`` : `a Map by \`${keyPath.join('.')}\``;
  return [{ title: `Index \`${site.path}\` in ${what} before the loop`, kind: safe ? 'safe' : 'suggestion', edits }];
}
