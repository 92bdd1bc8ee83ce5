/**
 * "What is this receiver?" for data-layer rules: follows an expression back to where its value was
 * made — a library factory (`new Pool()`, `mysql.createPool()`, `mongoose.model()`), a method on
 * another instance (`client.db().collection()`), an import (also from another project file), a type
 * annotation (`Repository<User>`, `Pool`), a class heritage (`extends PrismaClient`), a transaction
 * callback parameter — and, when syntax runs out, the checker's type of the expression.
 * Only called for calls that already passed a name pre-filter, so checker use stays small.
 */
import { ts } from 'ts-morph';
import { resolveOrigin, requiredModule } from './imports';
import { skipOuter, walk } from './syntax';
import {
  type Instance,
  derivedByCall,
  derivedByProperty,
  factoryFor,
  instanceOfBaseClass,
  instanceOfExtendedClient,
  instanceOfTypeName,
  moduleInstance,
  isTypedDataLayerModule,
  moduleOfDeclarationFile,
  transactionParam,
} from './data-layers';
import { perChecker, perFile, programOf } from './memo';

const MAX_DEPTH = 12;

export function instanceOf(expr: ts.Expression, checker: ts.TypeChecker): Instance | undefined {
  return classify(expr, checker, 0, new Set()) ?? instanceFromType(expr, checker);
}

/** Only syntax and symbols (no type computation): for cheap checks. */
export function instanceOfSyntax(expr: ts.Expression, checker: ts.TypeChecker): Instance | undefined {
  return classify(expr, checker, 0, new Set());
}

function classify(expr: ts.Expression, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = skipOuter(expr);
  if (seen.has(e)) return undefined;
  seen.add(e);
  if (ts.isAwaitExpression(e)) return classify(e.expression, checker, depth + 1, seen);
  if (ts.isNewExpression(e) || ts.isCallExpression(e)) return classifyCreation(e, checker, depth, seen);
  if (ts.isPropertyAccessExpression(e)) {
    const origin = resolveOrigin(e, checker);
    if (origin) return moduleInstance(origin.module, origin.path);
    // sequelize.models.User
    const inner = skipOuter(e.expression);
    if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'models') {
      const bag = classify(inner.expression, checker, depth + 1, seen);
      if (bag?.role === 'sequelize') return { lib: 'sequelize', role: 'sequelizeModel' };
    }
    const base = classify(e.expression, checker, depth + 1, seen);
    if (base) {
      const derived = derivedByProperty(base, e.name.text);
      if (derived) return derived;
    }
    return classifySymbolOf(e.name, checker, depth, seen);
  }
  if (ts.isIdentifier(e)) {
    const origin = resolveOrigin(e, checker);
    if (origin && !origin.module.startsWith('.')) return moduleInstance(origin.module, origin.path);
    return classifySymbolOf(e, checker, depth, seen);
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // globalThis.prisma ?? new PrismaClient()
    return classify(e.right, checker, depth + 1, seen) ?? classify(e.left, checker, depth + 1, seen);
  }
  if (ts.isConditionalExpression(e)) return classify(e.whenTrue, checker, depth + 1, seen) ?? classify(e.whenFalse, checker, depth + 1, seen);
  return undefined;
}

function classifyCreation(e: ts.NewExpression | ts.CallExpression, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  const via = ts.isNewExpression(e) ? 'new' : 'call';
  if (ts.isCallExpression(e)) {
    const mod = requiredModule(e);
    if (mod) return moduleInstance(mod, []);
  }
  const origin = resolveOrigin(e.expression, checker);
  if (origin) {
    const factory = factoryFor(origin.module, origin.path, via);
    if (factory) return { lib: factory.lib, role: factory.role, module: origin.module };
  }
  const callee = skipOuter(e.expression);
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(callee)) {
    const base = classify(callee.expression, checker, depth + 1, seen);
    if (base) return derivedByCall(base, callee.name.text);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(callee)) {
    // new PrismaService() where class PrismaService extends PrismaClient
    const cls = classDeclarationOf(callee, checker);
    if (cls) return classInstance(cls, checker, depth, seen);
  }
  return undefined;
}

function classDeclarationOf(id: ts.Identifier, checker: ts.TypeChecker): ts.ClassLikeDeclaration | undefined {
  const symbol = symbolOf(id, checker);
  return symbol?.declarations?.find((d): d is ts.ClassDeclaration => ts.isClassDeclaration(d) || ts.isClassExpression(d));
}

/** Instance of a project class that extends a client class (`class Db extends PrismaClient`). */
function classInstance(cls: ts.ClassLikeDeclaration, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  const base = extendsExpression(cls);
  if (!base) return undefined;
  const origin = resolveOrigin(base, checker);
  if (origin) return instanceOfExtendedClient(origin.module, origin.path);
  if (ts.isIdentifier(base) && depth < MAX_DEPTH) {
    const parent = classDeclarationOf(base, checker);
    if (parent && !seen.has(parent)) {
      seen.add(parent);
      return classInstance(parent, checker, depth + 1, seen);
    }
  }
  return undefined;
}

function extendsExpression(cls: ts.ClassLikeDeclaration): ts.Expression | undefined {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword && clause.types[0]) return clause.types[0].expression;
  }
  return undefined;
}

function symbolOf(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(node);
  } catch {
    return undefined;
  }
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
  }
  return symbol;
}

function classifySymbolOf(name: ts.Identifier | ts.PrivateIdentifier, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  const symbol = symbolOf(name, checker);
  if (!symbol) return undefined;
  // `{ pool }` shorthand in an object literal: the value symbol
  for (const decl of symbol.declarations ?? []) {
    const found = classifyDeclaration(decl, checker, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

function classifyDeclaration(decl: ts.Declaration, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  if (depth > MAX_DEPTH || seen.has(decl)) return undefined;
  seen.add(decl);
  if (decl.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isVariableDeclaration(decl)) {
    if (decl.type) {
      const t = classifyTypeNode(decl.type, checker, depth, seen);
      if (t) return t;
    }
    if (decl.initializer && ts.isIdentifier(decl.name)) {
      const init = classify(decl.initializer, checker, depth + 1, seen);
      if (init) return init;
    }
    if (ts.isIdentifier(decl.name)) return classifyAssignments(decl.name, checker, depth, seen);
    return undefined;
  }
  if (ts.isParameter(decl)) return classifyParameter(decl, checker, depth, seen);
  if (ts.isPropertyDeclaration(decl)) {
    if (decl.type) {
      const t = classifyTypeNode(decl.type, checker, depth, seen);
      if (t) return t;
    }
    return decl.initializer ? classify(decl.initializer, checker, depth + 1, seen) : undefined;
  }
  if (ts.isPropertyAssignment(decl)) return classify(decl.initializer, checker, depth + 1, seen);
  if (ts.isShorthandPropertyAssignment(decl)) {
    const value = checker.getShorthandAssignmentValueSymbol(decl);
    for (const d of value?.declarations ?? []) {
      const found = classifyDeclaration(d, checker, depth + 1, seen);
      if (found) return found;
    }
    return undefined;
  }
  // JS: this.pool = new Pool() / exports.pool = … / module.exports = pool
  if (ts.isPropertyAccessExpression(decl) || ts.isIdentifier(decl) || ts.isElementAccessExpression(decl)) {
    const parent = decl.parent;
    if (parent && ts.isBinaryExpression(parent) && parent.left === decl) return classify(parent.right, checker, depth + 1, seen);
    return undefined;
  }
  if (ts.isBinaryExpression(decl)) return classify(decl.right, checker, depth + 1, seen);
  if (ts.isExportAssignment(decl)) return classify(decl.expression, checker, depth + 1, seen);
  if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) {
    // the class used as a value: an active-record / sequelize model class
    const base = extendsExpression(decl);
    if (!base) return undefined;
    const origin = resolveOrigin(base, checker);
    return origin ? instanceOfBaseClass(origin.module, origin.path) : undefined;
  }
  return undefined;
}

/** `let pool; … pool = new Pool()` — the values assigned to a variable declared without a usable initializer. */
function classifyAssignments(name: ts.Identifier, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  // first assignment (in source order) whose value classifies, as a walk of the file would find it
  for (const right of assignmentsByName(name.getSourceFile()).get(name.text) ?? []) {
    const found = classify(right, checker, depth + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/** `name = value` (also `??=`, `||=`, `&&=`) in a file, by assigned name, in source order: one walk per file. */
function assignmentsByName(sf: ts.SourceFile): Map<string, ts.Expression[]> {
  return perFile(sf, 'assignmentsByName', () => {
    const out = new Map<string, ts.Expression[]>();
    walk(sf, (n) => {
      if (ts.isBinaryExpression(n) && isAssignmentOperator(n.operatorToken.kind)) {
        const left = skipOuter(n.left);
        if (ts.isIdentifier(left)) {
          const list = out.get(left.text);
          if (list) list.push(n.right);
          else out.set(left.text, [n.right]);
        }
      }
    });
    return out;
  });
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

function classifyParameter(param: ts.ParameterDeclaration, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  if (param.type) {
    const t = classifyTypeNode(param.type, checker, depth, seen);
    if (t) return t;
  }
  // prisma.$transaction(async (tx) => …), knex.transaction((trx) => …), dataSource.transaction((manager) => …)
  const fn = param.parent;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || fn.parameters[0] !== param) return undefined;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn)) return undefined;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const base = classify(callee.expression, checker, depth + 1, seen);
  return base ? transactionParam(base, callee.name.text) : undefined;
}

function classifyTypeNode(node: ts.TypeNode, checker: ts.TypeChecker, depth: number, seen: Set<ts.Node>): Instance | undefined {
  if (ts.isUnionTypeNode(node)) {
    for (const t of node.types) {
      const found = classifyTypeNode(t, checker, depth, seen);
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isParenthesizedTypeNode(node)) return classifyTypeNode(node.type, checker, depth, seen);
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const typeName = node.typeName;
  let module: string | undefined;
  let name: string;
  if (ts.isIdentifier(typeName)) {
    name = typeName.text;
    const origin = resolveOrigin(typeName, checker);
    if (origin && !origin.module.startsWith('.')) {
      module = origin.module;
      if (origin.path.length) name = origin.path.at(-1)!;
    }
  } else {
    name = typeName.right.text;
    const left = typeName.left;
    const origin = ts.isIdentifier(left) ? resolveOrigin(left, checker) : undefined;
    if (origin && !origin.module.startsWith('.')) module = origin.module;
  }
  if (module) {
    const found = instanceOfTypeName(undefined, module, name);
    return found && { ...found, module };
  }
  // a project class: class PrismaService extends PrismaClient
  const leftmost = ts.isIdentifier(typeName) ? typeName : undefined;
  if (leftmost) {
    const cls = classDeclarationOf(leftmost, checker);
    if (cls && !cls.getSourceFile().isDeclarationFile) return classInstance(cls, checker, depth + 1, seen);
  }
  return undefined;
}

/** Last resort: the checker's type of the expression, matched against the libraries' typings. */
export function instanceFromType(expr: ts.Expression, checker: ts.TypeChecker): Instance | undefined {
  if (!programHasDataLayerTypings(checker)) return undefined;
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(expr);
  } catch {
    return undefined;
  }
  return instanceOfType(type, checker, 0);
}

/**
 * instanceOfType only matches declarations from a data-layer library's typings; without one in the
 * program no type can match, so the (expensive) type computation is skipped. Unknown program: ask.
 */
function programHasDataLayerTypings(checker: ts.TypeChecker): boolean {
  return perChecker(checker, 'dataLayerTypings', () => {
    const program = programOf(checker);
    if (!program) return true;
    return program.getSourceFiles().some((sf) => {
      const module = moduleOfDeclarationFile(sf.fileName);
      return module !== undefined && isTypedDataLayerModule(module);
    });
  });
}

function instanceOfType(type: ts.Type, checker: ts.TypeChecker, depth: number): Instance | undefined {
  if (depth > 4) return undefined;
  if (type.isUnion()) {
    for (const t of type.types) {
      const found = instanceOfType(t, checker, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const symbol of [type.aliasSymbol, type.getSymbol()]) {
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) continue;
    const module = moduleOfDeclarationFile(decl.getSourceFile().fileName);
    if (module) {
      const found = instanceOfTypeName(undefined, module, symbol.getName());
      if (found) return { ...found, module };
    }
  }
  if (type.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(type)) {
      const found = instanceOfType(base, checker, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * resolveOrigin, also through project files that re-export a library name:
 * `export { Pool } from 'pg'` or `export const PgPool = pg.Pool` in `./db`, imported here.
 */
export function resolveLibraryOrigin(expr: ts.Expression, checker: ts.TypeChecker): ReturnType<typeof resolveOrigin> {
  const direct = resolveOrigin(expr, checker);
  if (direct && !direct.module.startsWith('.')) return direct;
  const e = skipOuter(expr);
  const id = ts.isIdentifier(e) ? e : ts.isPropertyAccessExpression(e) ? undefined : undefined;
  if (!id) return direct;
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(id);
    for (let hops = 0; symbol && symbol.flags & ts.SymbolFlags.Alias && hops < 5; hops++) {
      const decl = symbol.declarations?.[0];
      if (decl && ts.isExportSpecifier(decl)) {
        const spec = decl.parent.parent.moduleSpecifier;
        if (spec && ts.isStringLiteralLike(spec) && !spec.text.startsWith('.')) {
          return { module: spec.text.replace(/^node:/, ''), path: [(decl.propertyName ?? decl.name).text] };
        }
      }
      symbol = checker.getImmediateAliasedSymbol(symbol);
    }
  } catch {
    return direct;
  }
  const decl = symbol?.valueDeclaration;
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && decl.getSourceFile() !== expr.getSourceFile()) {
    const origin = resolveOrigin(decl.initializer, checker);
    if (origin && !origin.module.startsWith('.')) return origin;
  }
  return direct;
}
