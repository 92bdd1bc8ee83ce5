/**
 * How a long-lived container is used: where it grows (`set`, `add`, `push`, `obj[k] = v`), whether
 * anything ever shrinks or bounds it (`delete`, `clear`, `shift`, `splice`, a `size`/`length`
 * comparison, reassignment), and whether it escapes to code we cannot see (passed, returned, aliased).
 */
import { ts } from 'ts-morph';
import { calleeName, skipOuter } from './syntax';
import { isAssignment } from './dataflow';

export type ContainerKind = 'Map' | 'Set' | 'array' | 'object';

export interface GrowthSite {
  /** the call or assignment that adds an entry */
  node: ts.Node;
  /** the key expression (`set(k, …)`, `add(k)`, `obj[k] =`); undefined for push/unshift */
  key?: ts.Expression;
  /** `cache.set`, `seen.add`, `log.push`, `byId[…] =` */
  label: string;
}

export interface ContainerUsage {
  growth: GrowthSite[];
  /** a delete/clear/shift/splice/size check/reassignment: something bounds or empties it */
  evicts: boolean;
  /** passed to or returned into code this analysis does not follow */
  escapes: boolean;
  /** reads (get/has/element read/`in`), by enclosing node, for the memo pattern */
  reads: ts.Node[];
}

const GROW_METHODS = new Set(['set', 'add', 'push', 'unshift']);
const EVICT_METHODS = new Set(['delete', 'clear', 'pop', 'shift', 'splice', 'remove', 'evict', 'prune', 'purge', 'trim', 'reset', 'deleteMany', 'expire']);
const READ_ONLY_FUNCTIONS = /^(keys|values|entries|stringify|from|log|info|debug|warn|error|isArray|freeze)$/;
const COMPARISONS = new Set([
  ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
]);

function outer(node: ts.Node): ts.Node {
  let e = node;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent))) e = e.parent;
  return e;
}

/** Classifies references (each the full expression naming the container: `cache`, `this.cache`, `globalThis.cache`). */
export function classifyUsage(refs: readonly ts.Expression[], name: string): ContainerUsage {
  const usage: ContainerUsage = { growth: [], evicts: false, escapes: false, reads: [] };
  for (const ref of refs) {
    const e = outer(ref);
    const p = e.parent;
    if (!p) continue;
    if (ts.isPropertyAccessExpression(p) && p.expression === e) {
      const member = p.name.text;
      const call = p.parent && ts.isCallExpression(p.parent) && p.parent.expression === p ? p.parent : undefined;
      if (call) {
        if (GROW_METHODS.has(member)) usage.growth.push({ node: call, key: member === 'set' || member === 'add' ? call.arguments[0] : undefined, label: `${e.getText()}.${member}` });
        else if (EVICT_METHODS.has(member)) usage.evicts = true;
        else usage.reads.push(call);
        continue;
      }
      if (member === 'size' || member === 'length') {
        const q = outer(p).parent;
        if (q && ts.isBinaryExpression(q) && COMPARISONS.has(q.operatorToken.kind)) usage.evicts = true;
        else if (q && isAssignment(q) && q.left === outer(p)) usage.evicts = true; // arr.length = 0
        continue;
      }
      const q = outer(p).parent;
      if (q && ts.isDeleteExpression(q)) usage.evicts = true;
      else usage.reads.push(p);
      continue;
    }
    if (ts.isElementAccessExpression(p) && p.expression === e) {
      const q = outer(p).parent;
      if (q && isAssignment(q) && q.left === outer(p)) {
        const key = p.argumentExpression;
        usage.growth.push({ node: q, key, label: `${e.getText()}[…] =` });
        if (q.operatorToken.kind !== ts.SyntaxKind.EqualsToken) usage.reads.push(p);
      } else if (q && ts.isDeleteExpression(q)) usage.evicts = true;
      else usage.reads.push(p);
      continue;
    }
    if (isAssignment(p) && p.left === e) {
      usage.evicts = true; // reassigned: `cache = new Map()` resets it
      continue;
    }
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InKeyword && p.right === e) {
      usage.reads.push(p);
      continue;
    }
    if ((ts.isForOfStatement(p) || ts.isForInStatement(p)) && p.expression === e) continue;
    if (ts.isSpreadElement(p) || ts.isTypeOfExpression(p) || ts.isSpreadAssignment(p)) continue;
    if (ts.isCallExpression(p) && p.arguments.includes(e as ts.Expression)) {
      const fn = calleeName(p);
      if (fn === 'assign' && p.arguments[0] === e) usage.growth.push({ node: p, label: `Object.assign(${name}, …)` });
      else if (!fn || !READ_ONLY_FUNCTIONS.test(fn)) usage.escapes = true;
      continue;
    }
    if (ts.isIfStatement(p) || ts.isPrefixUnaryExpression(p) || ts.isConditionalExpression(p) || (ts.isBinaryExpression(p) && !isAssignment(p))) continue;
    usage.escapes = true; // returned, aliased, stored elsewhere, exported by value
  }
  return usage;
}

/** `new Map()`, `new Set()`, `[]`, `{}`, `Object.create(null)` — and which kind. */
export function containerKindOf(init: ts.Expression | undefined): ContainerKind | undefined {
  if (!init) return undefined;
  const e = skipOuter(init);
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) {
    if (e.expression.text === 'Map') return 'Map';
    if (e.expression.text === 'Set') return 'Set';
    return undefined;
  }
  if (ts.isArrayLiteralExpression(e)) return e.elements.length === 0 ? 'array' : undefined;
  if (ts.isObjectLiteralExpression(e)) return e.properties.length === 0 ? 'object' : undefined;
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.getText() === 'Object.create') return 'object';
  // globalThis.cache ??= new Map() / globalThis.cache || (globalThis.cache = new Map())
  if (ts.isBinaryExpression(e)) return containerKindOf(e.right);
  return undefined;
}
