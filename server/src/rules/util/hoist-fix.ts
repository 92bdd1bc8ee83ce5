/**
 * The "hoist to before the loop" fix for an expression that is the same on every iteration:
 * either move its `const name = …;` declaration out of the loop body (keeping the name), or
 * declare a fresh const before the loop and use it in place of the expression.
 */
import { ts } from 'ts-morph';
import type { Fix, FixKind, TextEdit } from '../../engine/finding';
import type { RuleContext } from '../rule';
import { declarationOf, referencedIdentifiers, within } from './dataflow';
import { freshName, hoistPoint, insertBefore, type HoistPoint } from './hoist';
import { identifiersNamed, isFunctionLike } from './syntax';
import type { LoopLike } from './loops';

function outerParens(node: ts.Node): ts.Node {
  let top = node;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  return top;
}

/** Every name the expression reads is declared before the hoist point (or outside this file). */
function namesAvailableAt(expr: ts.Expression, point: HoistPoint, ctx: RuleContext): boolean {
  const at = point.statement.getStart(ctx.sourceFile);
  return referencedIdentifiers(expr).every((id) => {
    const decl = declarationOf(id, ctx.checker);
    if (!decl) return id.text === 'undefined';
    if (decl.getSourceFile() !== ctx.sourceFile) return true;
    if (ts.isParameter(decl)) return isFunctionLike(decl.parent) && decl.parent.pos < at;
    if (ts.isFunctionDeclaration(decl)) return true;
    return decl.end <= at;
  });
}

/** `const re = <expr>;` directly in a loop body, whose name is declared nowhere else in the file. */
function movableDeclaration(expr: ts.Node, outermost: LoopLike, sf: ts.SourceFile): ts.VariableStatement | undefined {
  const top = outerParens(expr);
  const decl = top.parent;
  if (!decl || !ts.isVariableDeclaration(decl) || decl.initializer !== top || !ts.isIdentifier(decl.name) || decl.type) return undefined;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  const stmt = list.parent;
  if (!ts.isVariableStatement(stmt) || !ts.isBlock(stmt.parent)) return undefined;
  const name = decl.name.text;
  let declarations = 0;
  // the name must not be used outside the loop either (it would now see ours)
  let usedOutside = false;
  for (const n of identifiersNamed(sf, name)) {
    const p = n.parent;
    if (p && (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isImportSpecifier(p) || ts.isImportClause(p))) declarations++;
    if (!within(n, outermost)) usedOutside = true;
  }
  return declarations === 1 && !usedOutside ? stmt : undefined;
}

/** The whole line(s) of a statement that sits alone on its lines, else just its text. */
function statementRemoval(stmt: ts.Statement, sf: ts.SourceFile, file: string): TextEdit {
  const text = sf.text;
  let start = stmt.getStart(sf);
  let end = stmt.end;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  if ((lineStart === 0 || text[lineStart - 1] === '\n') && (text[lineEnd] === '\n' || text.startsWith('\r\n', lineEnd))) {
    start = lineStart;
    end = lineEnd + (text[lineEnd] === '\n' ? 1 : 2);
  }
  return { file, start, end, newText: '' };
}

export function hoistFix(ctx: RuleContext, expr: ts.Expression, outermost: LoopLike, baseName: string, kind: FixKind, title: string): Fix[] {
  const sf = ctx.sourceFile;
  const point = hoistPoint(outermost, sf);
  if (!point || !namesAvailableAt(expr, point, ctx)) return [];
  const exprText = expr.getText(sf);
  const movable = movableDeclaration(expr, outermost, sf);
  if (movable) {
    const decl = movable.declarationList.declarations[0]!;
    const name = (decl.name as ts.Identifier).text;
    return [{ title, kind, edits: [insertBefore(point, `const ${name} = ${exprText};`, ctx.fileName, sf), statementRemoval(movable, sf, ctx.fileName)] }];
  }
  const name = freshName(baseName, sf);
  const replaced = outerParens(expr);
  return [
    {
      title,
      kind,
      edits: [insertBefore(point, `const ${name} = ${exprText};`, ctx.fileName, sf), { file: ctx.fileName, start: replaced.getStart(sf), end: replaced.end, newText: name }],
    },
  ];
}
