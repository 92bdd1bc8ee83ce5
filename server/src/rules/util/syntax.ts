/** Small syntax helpers over compiler nodes (no ts-morph wrappers: they are the hot path). */
import { ts } from 'ts-morph';
import { perFile } from './memo';

export type FunctionLike =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

export function enclosingFunction(node: ts.Node): FunctionLike | undefined {
  for (let cur = node.parent; cur; cur = cur.parent) if (isFunctionLike(cur)) return cur;
  return undefined;
}

export function isAsyncFunction(fn: FunctionLike): boolean {
  return !!ts.getCombinedModifierFlags(fn as ts.Declaration) && (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

/** Skips parentheses, `as`, `!`, `satisfies` and type assertions. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

/** `a.b.c(` → "c"; `a['c'](` → "c"; `c(` → "c". */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The receiver of a method call: `a.b.c()` → `a.b`. */
export function calleeReceiver(call: ts.CallExpression): ts.Expression | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) return callee.expression;
  return undefined;
}

/** The text of a dotted name (`a.b.c`), or undefined for anything more complex. */
export function dottedName(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(e)) {
    const left = dottedName(e.expression);
    return left === undefined ? undefined : `${left}.${e.name.text}`;
  }
  return undefined;
}

/** The root identifier of an access chain: `a.b[c].d()` → `a`. */
export function rootIdentifier(expr: ts.Expression): ts.Identifier | undefined {
  let e: ts.Node = expr;
  for (;;) {
    if (ts.isIdentifier(e)) return e;
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else return undefined;
  }
}

export function ancestors(node: ts.Node, stopAt?: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  for (let cur = node.parent; cur && cur !== stopAt; cur = cur.parent) out.push(cur);
  return out;
}

/** True when `inner` lies inside `outer` (or is it). */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** Visits every descendant of a node with forEachChild (iterative). Return false from visit to skip a subtree. */
export function walk(node: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  ts.forEachChild(node, (c) => {
    stack.push(c);
  });
  stack.reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    const kids: ts.Node[] = [];
    ts.forEachChild(n, (c) => {
      kids.push(c);
    });
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

export function isTopLevel(node: ts.Node): boolean {
  return enclosingFunction(node) === undefined;
}

const NO_IDENTIFIERS: readonly ts.Identifier[] = [];

/** Every identifier of the file with this text, in source order (one walk per file, then a lookup). */
export function identifiersNamed(sf: ts.SourceFile, name: string): readonly ts.Identifier[] {
  const index = perFile(sf, 'identifiersByName', () => {
    const out = new Map<string, ts.Identifier[]>();
    walk(sf, (n) => {
      if (n.kind !== ts.SyntaxKind.Identifier) return;
      const text = (n as ts.Identifier).text;
      const list = out.get(text);
      if (list) list.push(n as ts.Identifier);
      else out.set(text, [n as ts.Identifier]);
    });
    return out;
  });
  return index.get(name) ?? NO_IDENTIFIERS;
}
