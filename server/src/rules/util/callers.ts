/**
 * Who uses this function? Finds the call sites and references of a named function, method or
 * function-valued const in its own file and in the files that import it. Identity is by symbol
 * (through import aliases), so a same-named function elsewhere never counts.
 */
import { ts, type Project } from 'ts-morph';
import { symbolAt } from './dataflow';
import { identifiersNamed, type FunctionLike } from './syntax';

export interface FunctionUsage {
  /** the identifier (or property name) that refers to the function */
  ref: ts.Identifier;
  /** the call when the reference is the callee (`f(x)`, `this.f(x)`, `ns.f(x)`) */
  call?: ts.CallExpression;
  /** the call when the reference is passed as an argument (`app.get('/', f)`, `xs.map(f)`) */
  passedTo?: ts.CallExpression | ts.NewExpression;
}

/** The name node a function is known by, if it has one. */
export function functionNameNode(fn: FunctionLike): ts.Identifier | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) {
    if (!ts.isFunctionExpression(fn)) return fn.name;
  }
  const p = fn.parent;
  if (!p) return undefined;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.initializer === fn && ts.isIdentifier(p.name)) return p.name;
  if (ts.isBinaryExpression(p) && p.right === fn && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(p.left) && ts.isIdentifier(p.left.name)) return p.left.name;
  return undefined;
}

function usageOf(ref: ts.Identifier): FunctionUsage {
  let expr: ts.Node = ref;
  if (ref.parent && ts.isPropertyAccessExpression(ref.parent) && ref.parent.name === ref) expr = ref.parent;
  for (;;) {
    const up = expr.parent;
    if (up && (ts.isParenthesizedExpression(up) || ts.isNonNullExpression(up) || ts.isAsExpression(up))) expr = up;
    // compiled TypeScript calls imports as `(0, utils_1.enumToMap)(…)`
    else if (up && ts.isBinaryExpression(up) && up.operatorToken.kind === ts.SyntaxKind.CommaToken && up.right === expr && ts.isParenthesizedExpression(up.parent)) expr = up;
    else break;
  }
  const p = expr.parent;
  if (p && ts.isCallExpression(p) && p.expression === expr) return { ref, call: p };
  if (p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(expr as ts.Expression)) return { ref, passedTo: p };
  // fn.call(this, …) / fn.apply(…) / fn.bind(…)(…)
  if (p && ts.isPropertyAccessExpression(p) && p.expression === expr && /^(call|apply)$/.test(p.name.text) && p.parent && ts.isCallExpression(p.parent)) {
    return { ref, call: p.parent };
  }
  return { ref };
}

function referencesInFile(sf: ts.SourceFile, names: ReadonlySet<string>, target: ts.Symbol, declName: ts.Node | undefined, checker: ts.TypeChecker): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  // the file's identifier index (built once per parsed file) instead of a walk per asked name
  const candidates = names.size === 1 ? identifiersNamed(sf, [...names][0]!) : [...names].flatMap((name) => identifiersNamed(sf, name)).sort((a, b) => a.pos - b.pos);
  for (const n of candidates) {
    if (n === declName) continue;
    const p = n.parent;
    if (p && (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isExportSpecifier(p) || ts.isBindingElement(p))) continue;
    if (p && (ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p) || ts.isVariableDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === n) continue;
    if (symbolAt(n, checker) === target) out.push(n);
  }
  return out;
}

/**
 * Every reference to the symbol declared by `nameNode` (a variable, function, method or field
 * name) in its file and, with a project, in the files that import that file.
 */
export function referencesOfName(nameNode: ts.Identifier, checker: ts.TypeChecker, project?: Project): ts.Identifier[] {
  const target = symbolAt(nameNode, checker);
  if (!target) return [];
  const sf = nameNode.getSourceFile();
  const out = referencesInFile(sf, new Set([nameNode.text]), target, nameNode, checker);
  if (!project) return out;
  const own = project.getSourceFile(sf.fileName);
  if (!own) return out;
  let scanned = 0;
  for (const ref of own.getReferencingSourceFiles()) {
    if (++scanned > MAX_REFERENCING_FILES) break;
    const other = ref.compilerNode;
    if (other === sf || other.isDeclarationFile) continue;
    out.push(...referencesInFile(other, importedLocalNames(other, nameNode.text), target, undefined, checker));
  }
  return out;
}

/**
 * Local names under which another file may refer to `name` from a relative module: `name` itself
 * (also `ns.name`), the local name of `import { name as local }` / `import { default as local }`,
 * a default import, and top-level `require` bindings (JS aliases). Only these can resolve to the
 * target symbol (a plain local variable has a symbol of its own), so only these are resolved.
 */
function importedLocalNames(sf: ts.SourceFile, name: string): Set<string> {
  const names = new Set<string>([name]);
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text.startsWith('.')) {
      const clause = stmt.importClause;
      if (clause?.name) names.add(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          const imported = (el.propertyName ?? el.name).text;
          if (imported === name || imported === 'default') names.add(el.name.text);
        }
      }
    }
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (!d.initializer || !isRequireValue(d.initializer)) continue;
        if (ts.isIdentifier(d.name)) names.add(d.name.text);
        else if (ts.isObjectBindingPattern(d.name)) for (const el of d.name.elements) if (ts.isIdentifier(el.name)) names.add(el.name.text);
      }
    }
  }
  return names;
}

/** `require('./a')`, `require('./a').cache` — what a JS file binds as an import alias. */
function isRequireValue(expr: ts.Expression): boolean {
  let e: ts.Expression = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    else break;
  }
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require';
}

const MAX_REFERENCING_FILES = 40;

/** Call sites and references of `fn` in its file and (when a project is given) in files that import it. */
export function usagesOf(fn: FunctionLike, checker: ts.TypeChecker, project?: Project): FunctionUsage[] {
  const nameNode = functionNameNode(fn);
  if (!nameNode) return [];
  return referencesOfName(nameNode, checker, project).map(usageOf);
}

/**
 * `module.exports = (dialect) => …` / `export default function (…)`: an anonymous export has no
 * name to look up, so its call sites are the places that load the module and call what it gives:
 * `require('./store')('db2')`, or `const store = require('./store'); store('db2')` (top-level
 * binding). Returns those calls in files that import this one; empty when `fn` is not such an export.
 */
export function moduleExportCalls(fn: FunctionLike, project: Project | undefined): ts.CallExpression[] {
  if (!project || !isWholeModuleExport(fn)) return [];
  const sf = fn.getSourceFile();
  const own = project.getSourceFile(sf.fileName);
  if (!own) return [];
  const target = stripExtension(sf.fileName);
  const out: ts.CallExpression[] = [];
  let scanned = 0;
  for (const ref of own.getReferencingSourceFiles()) {
    if (++scanned > MAX_REFERENCING_FILES) break;
    const other = ref.compilerNode;
    if (other === sf || other.isDeclarationFile) continue;
    const dir = other.fileName.slice(0, other.fileName.lastIndexOf('/'));
    const loads = (e: ts.Expression): boolean => {
      const x = skipParens(e);
      if (!ts.isCallExpression(x) || !ts.isIdentifier(x.expression) || x.expression.text !== 'require') return false;
      const spec = x.arguments[0];
      return !!spec && ts.isStringLiteralLike(spec) && spec.text.startsWith('.') && stripExtension(joinPath(dir, spec.text)) === target;
    };
    const boundNames = new Set<string>();
    for (const stmt of other.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) if (d.initializer && ts.isIdentifier(d.name) && loads(d.initializer)) boundNames.add(d.name.text);
    }
    const visit = (n: ts.Node): void => {
      if (ts.isCallExpression(n)) {
        const callee = skipParens(n.expression);
        if (loads(callee) || (ts.isIdentifier(callee) && boundNames.has(callee.text))) out.push(n);
      }
      ts.forEachChild(n, visit);
    };
    visit(other);
  }
  return out;
}

function isWholeModuleExport(fn: FunctionLike): boolean {
  const p = fn.parent;
  if (p && ts.isExportAssignment(p)) return true;
  if (ts.isFunctionDeclaration(fn) && fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return true;
  return !!p && ts.isBinaryExpression(p) && p.right === fn && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && p.left.getText() === 'module.exports';
}

function skipParens(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x)) x = x.expression;
  return x;
}

function stripExtension(file: string): string {
  return file.replace(/\/index\.[cm]?[jt]sx?$/, '').replace(/\.[cm]?[jt]sx?$/, '');
}

function joinPath(dir: string, rel: string): string {
  const parts = dir.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

/**
 * Every call of `fn` when all its uses are visible calls (named functions found by symbol, or an
 * anonymous `module.exports` called where it is required); undefined when some use passes it on.
 */
export function visibleCalls(fn: FunctionLike, opts: { checker: ts.TypeChecker; project?: Project }): ts.CallExpression[] | undefined {
  // exporting it (`exports.f = f`, `module.exports = { f }`) is not a call: its callers are in the importing files
  const usages = usagesOf(fn, opts.checker, opts.project).filter((u) => u.call || !isExportPosition(u.ref));
  if (usages.some((u) => !u.call)) return undefined;
  const calls = usages.map((u) => u.call!);
  if (calls.length > 0) return calls;
  const required = moduleExportCalls(fn, opts.project);
  return required.length > 0 ? required : undefined;
}


/** `exports.f = f`, `module.exports.f = f`, `module.exports = { f }`, `module.exports = f`, `export default f`. */
function isExportPosition(ref: ts.Identifier): boolean {
  const p = ref.parent;
  if (!p) return false;
  if (ts.isExportAssignment(p)) return true;
  const isExportsTarget = (e: ts.Expression): boolean => /^(module\.)?exports(\.[\w$]+)?$/.test(e.getText());
  if (ts.isBinaryExpression(p) && p.right === ref && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return isExportsTarget(p.left);
  // the `f` of `exports.f = …` itself
  if (ts.isPropertyAccessExpression(p) && p.name === ref && isExportsTarget(p) && p.parent && ts.isBinaryExpression(p.parent) && p.parent.left === p) return true;
  if ((ts.isShorthandPropertyAssignment(p) && p.name === ref) || (ts.isPropertyAssignment(p) && p.initializer === ref)) {
    const obj = p.parent;
    const assign = obj.parent;
    return !!assign && ts.isBinaryExpression(assign) && assign.right === obj && isExportsTarget(assign.left);
  }
  return false;
}
