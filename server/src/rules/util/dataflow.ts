/**
 * Small, local data flow over compiler nodes: where a name is declared, whether a loop writes it,
 * whether an expression has the same value on every iteration of a loop, and whether a value is
 * only read. The checker is used only for symbol identity of the nodes a rule already picked.
 */
import { ts } from 'ts-morph';
import { calleeName, dottedName, isFunctionLike, skipOuter, walk } from './syntax';

export function symbolAt(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  try {
    const parent = node.parent;
    let s = parent && ts.isShorthandPropertyAssignment(parent) && parent.name === node ? checker.getShorthandAssignmentValueSymbol(parent) : checker.getSymbolAtLocation(node);
    if (s && s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
    return s;
  } catch {
    return undefined;
  }
}

/** The declaration a value reference resolves to (through imports), if any. */
export function declarationOf(id: ts.Node, checker: ts.TypeChecker): ts.Declaration | undefined {
  const s = symbolAt(id, checker);
  return s?.valueDeclaration ?? s?.declarations?.[0];
}

/** True when `inner` is (textually) inside `outer` in the same file. */
export function within(inner: ts.Node, outer: ts.Node): boolean {
  return inner.getSourceFile() === outer.getSourceFile() && inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Is this identifier a value reference (not a property name, label, or declaration name)? */
export function isValueReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p) || ts.isPropertySignature(p)) && p.name === id) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (ts.isQualifiedName(p) || ts.isTypeReferenceNode(p)) return false;
  return true;
}

const ASSIGNMENT_OPERATORS = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.PlusEqualsToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken,
  ts.SyntaxKind.SlashEqualsToken, ts.SyntaxKind.PercentEqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.BarEqualsToken, ts.SyntaxKind.AmpersandEqualsToken, ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.CaretEqualsToken,
]);

export function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  return ts.isBinaryExpression(node) && ASSIGNMENT_OPERATORS.has(node.operatorToken.kind);
}

/** Targets written by a node: `x = …`, `x.y += …`, `x++`, `for (x of …)`, `[x] = …`. */
function writtenTargets(node: ts.Node): ts.Expression[] {
  if (isAssignment(node)) {
    const left = skipOuter(node.left);
    if (ts.isArrayLiteralExpression(left) || ts.isObjectLiteralExpression(left)) {
      const out: ts.Expression[] = [];
      walk(left, (n) => {
        if (ts.isIdentifier(n) && isValueReference(n)) out.push(n);
      });
      return out;
    }
    return [left];
  }
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return [skipOuter(node.operand)];
  }
  if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) return [node.initializer as ts.Expression];
  if (ts.isDeleteExpression(node)) return [skipOuter(node.expression)];
  return [];
}

/**
 * Does `region` write the dotted name `name` (or a path through it: `name.x = …`, or a prefix of
 * it: `a = …` writes `a.b`)? Textual on dotted names; `symbolCheck` confirms identity of a bare name.
 */
export function writesIn(region: ts.Node, name: string, symbolCheck?: (id: ts.Identifier) => boolean, ignoreElementWrites = false): boolean {
  let found = false;
  walk(region, (n) => {
    if (found) return false;
    for (const t of writtenTargets(n)) {
      const target = dottedName(t) ?? (ts.isElementAccessExpression(t) && !ignoreElementWrites ? dottedName(t.expression) : undefined);
      if (target === undefined) continue;
      const hit = target === name || target.startsWith(`${name}.`) || name.startsWith(`${target}.`);
      if (!hit) continue;
      const root = t.kind === ts.SyntaxKind.Identifier ? (t as ts.Identifier) : undefined;
      if (root && symbolCheck && !symbolCheck(root)) continue;
      found = true;
    }
    return undefined;
  });
  return found;
}

/** Methods that change the receiver in place. */
export const MUTATING_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'delete', 'clear', 'add',
]);

/** Is `name` mutated in `region` by a mutating method call (`name.push(…)`) or a write? */
export function mutatedIn(region: ts.Node, name: string): boolean {
  if (writesIn(region, name)) return true;
  let found = false;
  walk(region, (n) => {
    if (found) return false;
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(callee) && MUTATING_METHODS.has(callee.name.text)) {
        const recv = dottedName(callee.expression);
        if (recv !== undefined && (recv === name || recv.startsWith(`${name}.`))) found = true;
      }
    }
    return undefined;
  });
  return found;
}

const GROWING_METHODS = new Set(['push', 'unshift', 'splice', 'add', 'set', 'concat']);

/** Is `name` grown (push/unshift/splice/add/set) or reassigned in `region`? */
export function grownIn(region: ts.Node, name: string): boolean {
  if (writesIn(region, name, undefined, true)) return true;
  let found = false;
  walk(region, (n) => {
    if (found) return false;
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      if (ts.isPropertyAccessExpression(callee) && GROWING_METHODS.has(callee.name.text) && dottedName(callee.expression) === name) found = true;
    }
    return undefined;
  });
  return found;
}

/** Identifiers that are value references inside `expr`. */
export function referencedIdentifiers(expr: ts.Node): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  if (ts.isIdentifier(expr)) return isValueReference(expr) ? [expr] : [];
  walk(expr, (n) => {
    if (isFunctionLike(n)) {
      out.push(...referencedIdentifiers(n.body ?? n));
      return false;
    }
    if (ts.isIdentifier(n) && isValueReference(n)) out.push(n);
    return undefined;
  });
  return out;
}

/** Calls whose result depends only on their arguments and receiver (no side effects). */
const PURE_CALLS = new Set(['String', 'Number', 'encodeURIComponent', 'escape']);
const PURE_METHODS = new Set([
  'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'replace', 'replaceAll', 'join', 'slice', 'substring', 'padStart', 'padEnd', 'toString', 'concat',
]);

export interface Invariance {
  invariant: boolean;
  /** false when the expression calls functions we cannot vouch for (hoisting changes how often they run) */
  pure: boolean;
}

/**
 * Does `expr` have the same value on every iteration of `loop`? Every name it reads must be
 * declared outside the loop and not written inside it; it must not await, construct or call
 * impure code (impure calls make it `pure: false`, still invariant as far as names go).
 */
export function invarianceIn(expr: ts.Expression, loop: ts.Node, checker: ts.TypeChecker, options: { ignoreElementWrites?: boolean } = {}): Invariance {
  let pure = true;
  let invariant = true;
  walkWithRoot(expr, (n) => {
    if (!invariant) return false;
    if (ts.isAwaitExpression(n) || ts.isYieldExpression(n) || ts.isNewExpression(n) || isAssignment(n) || isFunctionLike(n)) {
      invariant = false;
      return false;
    }
    if (ts.isPrefixUnaryExpression(n) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) invariant = false;
    if (ts.isPostfixUnaryExpression(n)) invariant = false;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      const isMethod = ts.isPropertyAccessExpression(skipOuter(n.expression));
      if (!name || !(isMethod ? PURE_METHODS.has(name) : PURE_CALLS.has(name))) pure = false;
    }
    return undefined;
  });
  if (!invariant) return { invariant, pure };
  // `this` inside a \`function\` callback is that callback's own: not the same value around the loop
  if (ts.isCallExpression(loop) && loop.arguments.some(ts.isFunctionExpression)) {
    let usesThis = expr.kind === ts.SyntaxKind.ThisKeyword;
    walk(expr, (n) => {
      if (n.kind === ts.SyntaxKind.ThisKeyword) usesThis = true;
      return usesThis ? false : undefined;
    });
    if (usesThis) return { invariant: false, pure };
  }
  const ids = ts.isIdentifier(expr) ? [expr] : referencedIdentifiers(expr);
  for (const id of ids) {
    if (id.text === 'undefined') continue;
    const decl = declarationOf(id, checker);
    if (!decl) return { invariant: false, pure };
    if (decl.getSourceFile() === loop.getSourceFile() && within(decl, loop)) return { invariant: false, pure };
  }
  // writes to any dotted path the expression reads
  const paths = new Set<string>();
  walk(expr, (n) => {
    const d = ts.isIdentifier(n) || ts.isPropertyAccessExpression(n) ? dottedName(n as ts.Expression) : undefined;
    if (d) paths.add(d);
  });
  if (ts.isIdentifier(expr)) paths.add(expr.text);
  for (const p of paths) if (writesIn(loop, p, undefined, options.ignoreElementWrites)) return { invariant: false, pure };
  return { invariant, pure };
}

/** Like `walk`, but visits `node` itself first. */
export function walkWithRoot(node: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  if (visit(node) === false) return;
  walk(node, visit);
}

/** The scope node (function, block, source file) a declaration's name is visible in. */
export function declarationScope(decl: ts.Node): ts.Node | undefined {
  if (ts.isParameter(decl)) return decl.parent;
  let list: ts.Node | undefined = decl;
  while (list && (ts.isBindingElement(list) || ts.isObjectBindingPattern(list) || ts.isArrayBindingPattern(list))) list = list.parent;
  if (list && ts.isVariableDeclaration(list)) {
    const declList = list.parent;
    const isVar = ts.isVariableDeclarationList(declList) && (declList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) === 0;
    for (let cur: ts.Node | undefined = declList.parent; cur; cur = cur.parent) {
      if (isFunctionLike(cur) || ts.isSourceFile(cur)) return cur;
      if (!isVar && (ts.isBlock(cur) || ts.isForStatement(cur) || ts.isForOfStatement(cur) || ts.isForInStatement(cur) || ts.isCaseBlock(cur))) return cur;
    }
  }
  if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl) || ts.isEnumDeclaration(decl)) return decl.parent;
  return undefined;
}

/** All value references to the same symbol as `decl`'s name within `region` (by name, confirmed by symbol). */
export function referencesTo(decl: ts.Declaration, name: string, region: ts.Node, checker: ts.TypeChecker): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  walk(region, (n) => {
    if (ts.isIdentifier(n) && n.text === name && isValueReference(n) && !(n.parent === decl && (decl as ts.NamedDeclaration).name === n)) {
      const d = declarationOf(n, checker);
      if (d === decl) out.push(n);
    }
  });
  return out;
}
