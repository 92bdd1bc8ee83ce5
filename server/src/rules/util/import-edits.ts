/**
 * Edits that make a name available in a file: reuse an existing import of it, add it to an existing
 * import from the same module, or add a new `import`/`require` statement after the last one —
 * ESM or CommonJS to match the file. Collisions with names already in the file get an alias.
 */
import { ts } from 'ts-morph';
import type { TextEdit } from '../../engine/finding';
import { normalizeModule, requiredModule } from './imports';

export interface ImportPlan {
  /** the local name to use at the call site */
  local: string;
  edits: TextEdit[];
}

function sameModule(spec: string, module: string): boolean {
  return normalizeModule(spec) === normalizeModule(module);
}

/** Is the file CommonJS (uses `require`, no `import` declarations)? */
export function usesCommonJs(sf: ts.SourceFile): boolean {
  let hasImport = false;
  let hasRequire = false;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) hasImport = true;
    if (ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer && requiredModule(d.initializer))) hasRequire = true;
  }
  if (hasImport) return false;
  if (hasRequire) return true;
  return /\.c[jt]s$/.test(sf.fileName) || (/\.jsx?$/.test(sf.fileName) && /\brequire\(/.test(sf.text));
}

/** Does the file prefer `node:` specifiers for built-in modules? */
export function prefersNodePrefix(sf: ts.SourceFile): boolean {
  return /(?:from\s*|require\()\s*['"]node:/.test(sf.text);
}

function isImportStatement(s: ts.Statement): boolean {
  if (ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)) return true;
  return ts.isVariableStatement(s) && s.declarationList.declarations.every((d) => !!d.initializer && !!requiredModule(d.initializer));
}

/** Where a new import statement goes: after the last import/require at the top, else before the first statement. */
function insertionPoint(sf: ts.SourceFile): { pos: number; before: string; after: string } {
  let last: ts.Statement | undefined;
  for (const s of sf.statements) {
    if (isImportStatement(s)) last = s;
    else if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) last = last ?? s; // 'use strict'
    else break;
  }
  if (last) return { pos: last.end, before: '\n', after: '' };
  const first = sf.statements[0];
  return { pos: first ? first.getStart(sf) : sf.text.length, before: '', after: '\n' };
}

function nameTaken(sf: ts.SourceFile, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(sf.text);
}

/** Makes `name` exported by `module` usable in `sf`. `spec` is the specifier to write for a new import. */
export function ensureNamedImport(sf: ts.SourceFile, fileName: string, module: string, name: string, spec = module): ImportPlan {
  // already imported?
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && sameModule(s.moduleSpecifier.text, module)) {
      const b = s.importClause?.namedBindings;
      if (b && ts.isNamedImports(b)) {
        const el = b.elements.find((e) => (e.propertyName ?? e.name).text === name);
        if (el) return { local: el.name.text, edits: [] };
      }
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        const mod = d.initializer && requiredModule(d.initializer);
        if (mod && sameModule(mod, module) && ts.isObjectBindingPattern(d.name)) {
          const el = d.name.elements.find((e) => ((e.propertyName as ts.Identifier | undefined) ?? (e.name as ts.Identifier)).text === name);
          if (el && ts.isIdentifier(el.name)) return { local: el.name.text, edits: [] };
        }
      }
    }
  }
  const taken = nameTaken(sf, name);
  const local = taken ? `${name}Async` : name;
  const specifier = taken ? `${name} as ${local}` : name;
  // add to an existing named import from the same module
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && sameModule(s.moduleSpecifier.text, module) && !s.importClause?.isTypeOnly) {
      const b = s.importClause?.namedBindings;
      if (b && ts.isNamedImports(b) && b.elements.length > 0) {
        const lastEl = b.elements[b.elements.length - 1]!;
        return { local, edits: [{ file: fileName, start: lastEl.end, end: lastEl.end, newText: `, ${specifier}` }] };
      }
    }
  }
  const at = insertionPoint(sf);
  const quote = /from\s*"/.test(sf.text) || /require\("/.test(sf.text) ? '"' : "'";
  const statement = usesCommonJs(sf)
    ? `const { ${taken ? `${name}: ${local}` : name} } = require(${quote}${spec}${quote});`
    : `import { ${specifier} } from ${quote}${spec}${quote};`;
  return { local, edits: [{ file: fileName, start: at.pos, end: at.pos, newText: `${at.before}${statement}${at.after}` }] };
}
