/**
 * Where does a name come from? Resolves identifiers through imports, `require`, destructuring and
 * local aliases (`const P = pg.Pool`) to `{ module, path }`, e.g. `new pg.Pool()` → { module: 'pg', path: ['Pool'] }.
 * Works with or without type information for the module (only the symbol table is used).
 */
import { ts } from 'ts-morph';
import { skipOuter } from './syntax';

export interface ModuleOrigin {
  /** module specifier as written, normalised: 'node:fs' → 'fs' */
  module: string;
  /** export path below the module: [] = the module object / default-or-namespace, ['Pool'] = named export */
  path: string[];
  /** true when it came through a default import (`import pg from 'pg'`) */
  viaDefault?: boolean;
}

export function normalizeModule(spec: string): string {
  return spec.startsWith('node:') ? spec.slice(5) : spec;
}

/** `require('x')` / `await import('x')` → 'x'. */
export function requiredModule(expr: ts.Expression): string | undefined {
  let e = skipOuter(expr);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (ts.isCallExpression(e) && e.arguments.length >= 1) {
    const arg = e.arguments[0]!;
    const isRequire = ts.isIdentifier(e.expression) && e.expression.text === 'require';
    const isImport = e.expression.kind === ts.SyntaxKind.ImportKeyword;
    if ((isRequire || isImport) && ts.isStringLiteralLike(arg)) return normalizeModule(arg.text);
  }
  // require('x').Pool
  if (ts.isPropertyAccessExpression(e)) {
    const inner = requiredModule(e.expression);
    if (inner) return inner;
  }
  return undefined;
}

/** Resolves an expression (identifier or property chain) to its module origin, if any. */
export function resolveOrigin(expr: ts.Expression, checker: ts.TypeChecker, depth = 0): ModuleOrigin | undefined {
  if (depth > 8) return undefined;
  const e = skipOuter(expr);
  if (ts.isPropertyAccessExpression(e)) {
    const base = resolveOrigin(e.expression, checker, depth + 1);
    if (base) return { module: base.module, path: [...base.path, e.name.text], viaDefault: base.viaDefault };
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    // require('pg').Pool handled by the property branch; bare require('pg') here
    const mod = requiredModule(e);
    return mod ? { module: mod, path: [] } : undefined;
  }
  if (!ts.isIdentifier(e)) return undefined;
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(e);
  } catch {
    return undefined;
  }
  if (!symbol) return undefined;
  for (const decl of symbol.declarations ?? []) {
    const origin = originOfDeclaration(decl, e.text, checker, depth);
    if (origin) return origin;
  }
  return undefined;
}

function originOfDeclaration(decl: ts.Declaration, localName: string, checker: ts.TypeChecker, depth: number): ModuleOrigin | undefined {
  // import { Pool as P } from 'pg'
  if (ts.isImportSpecifier(decl)) {
    const spec = decl.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteralLike(spec)) return undefined;
    const imported = (decl.propertyName ?? decl.name).text;
    return { module: normalizeModule(spec.text), path: imported === 'default' ? [] : [imported], viaDefault: imported === 'default' };
  }
  // import pg from 'pg'
  if (ts.isImportClause(decl)) {
    const spec = decl.parent.moduleSpecifier;
    return ts.isStringLiteralLike(spec) ? { module: normalizeModule(spec.text), path: [], viaDefault: true } : undefined;
  }
  // import * as pg from 'pg'
  if (ts.isNamespaceImport(decl)) {
    const spec = decl.parent.parent.moduleSpecifier;
    return ts.isStringLiteralLike(spec) ? { module: normalizeModule(spec.text), path: [] } : undefined;
  }
  // import pg = require('pg')
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteralLike(ref.expression)) return { module: normalizeModule(ref.expression.text), path: [] };
    return undefined;
  }
  // const { Pool: P } = require('pg')   /  const { Pool } = pg
  if (ts.isBindingElement(decl)) {
    const pattern = decl.parent;
    if (!ts.isObjectBindingPattern(pattern)) return undefined;
    const holder = pattern.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const key = decl.propertyName && ts.isIdentifier(decl.propertyName) ? decl.propertyName.text : localName;
    const base = originOfInitializer(holder.initializer, checker, depth);
    return base ? { module: base.module, path: [...base.path, key], viaDefault: base.viaDefault } : undefined;
  }
  // const pg = require('pg')  /  const P = pg.Pool  (only const: a reassigned let is not an alias)
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
    const list = decl.parent;
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    const mod = requiredModule(decl.initializer);
    if (mod) {
      const init = skipOuter(decl.initializer);
      const path = ts.isPropertyAccessExpression(init) ? propertyPath(init) : [];
      return { module: mod, path };
    }
    if (isConst) return originOfInitializer(decl.initializer, checker, depth);
  }
  return undefined;
}

function originOfInitializer(init: ts.Expression, checker: ts.TypeChecker, depth: number): ModuleOrigin | undefined {
  const mod = requiredModule(init);
  if (mod) {
    const e = skipOuter(init);
    return { module: mod, path: ts.isPropertyAccessExpression(e) ? propertyPath(e) : [] };
  }
  const e = skipOuter(init);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return resolveOrigin(e, checker, depth + 1);
  return undefined;
}

/** require('pg').native.Pool → ['native', 'Pool'] */
function propertyPath(e: ts.PropertyAccessExpression): string[] {
  const names: string[] = [];
  let cur: ts.Expression = e;
  while (ts.isPropertyAccessExpression(cur)) {
    names.unshift(cur.name.text);
    cur = skipOuter(cur.expression);
  }
  return names;
}

/** True when the origin is `module` (or one of several) with the given export path (default import tolerated). */
export function originIs(origin: ModuleOrigin | undefined, modules: string | readonly string[], ...path: string[]): boolean {
  if (!origin) return false;
  const mods = typeof modules === 'string' ? [modules] : modules;
  if (!mods.includes(origin.module)) return false;
  if (origin.path.length !== path.length) return false;
  return origin.path.every((p, i) => p === path[i]);
}
