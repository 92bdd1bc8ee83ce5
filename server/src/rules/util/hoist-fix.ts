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

/** `// why` after the statement on its line: it belongs to the statement and moves with it. */
function trailingLineComment(stmt: ts.Statement, sf: ts.SourceFile): { pos: number; end: number } | undefined {
  const ranges = ts.getTrailingCommentRanges(sf.text, stmt.end);
  if (!ranges?.length) return undefined;
  return { pos: ranges[0]!.pos, end: ranges[ranges.length - 1]!.end };
}

/**
 * The whole line(s) of a statement that sits alone on its lines (with its trailing comment, so no
 * blank or comment-only husk stays behind), else just its text.
 */
function statementRemoval(stmt: ts.Statement, sf: ts.SourceFile, file: string, comment: { pos: number; end: number } | undefined): TextEdit {
  const text = sf.text;
  let start = stmt.getStart(sf);
  let end = comment ? comment.end : stmt.end;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  if ((lineStart === 0 || text[lineStart - 1] === '\n') && (lineEnd === text.length || text[lineEnd] === '\n' || text.startsWith('\r\n', lineEnd))) {
    start = lineStart;
    end = lineEnd === text.length ? lineEnd : lineEnd + (text[lineEnd] === '\n' ? 1 : 2);
  } else if (comment) {
    end = stmt.end; // shares its line with other code: leave the comment where it is
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
    const comment = trailingLineComment(movable, sf);
    const removal = statementRemoval(movable, sf, ctx.fileName, comment);
    const carried = comment && removal.end >= comment.end ? ` ${sf.text.slice(comment.pos, comment.end)}` : '';
    return [{ title, kind, edits: [insertBefore(point, `const ${name} = ${exprText};${carried}`, ctx.fileName, sf), removal] }];
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
