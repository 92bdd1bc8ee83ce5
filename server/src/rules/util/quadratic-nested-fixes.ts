/**
 * Suggestions for in-place shifting in loops:
 * - `while (q.length) { const x = q.shift(); … }` → an index walk (`q[head++]`);
 * - a removal loop `for (…i…) if (cond) xs.splice(i, 1)` → `xs = xs.filter((item) => !cond)`.
 * Both change what the array holds after the loop (the walk leaves it full, the filter makes a new
 * array), so they are suggestions, never fixAll.
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleContext } from '../rule';
import type { LoopLike } from './loops';
import { dottedName, isFunctionLike, skipOuter, walk } from './syntax';
import { declarationOf } from './dataflow';
import { freshName, hoistPoint, insertBefore } from './hoist';

/** `q.length`, `q.length > 0`, `q.length !== 0`, `q.length >= 1`, `0 < q.length`. */
function isNonEmptyTest(cond: ts.Expression, path: string): boolean {
  const c = skipOuter(cond);
  const isLen = (e: ts.Expression): boolean => {
    const x = skipOuter(e);
    return ts.isPropertyAccessExpression(x) && x.name.text === 'length' && dottedName(x.expression) === path;
  };
  if (isLen(c)) return true;
  if (!ts.isBinaryExpression(c)) return false;
  const op = c.operatorToken.kind;
  const r = skipOuter(c.right).getText();
  if (isLen(c.left)) {
    return (op === ts.SyntaxKind.GreaterThanToken && r === '0') || ((op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken) && r === '0') || (op === ts.SyntaxKind.GreaterThanEqualsToken && r === '1');
  }
  return isLen(c.right) && op === ts.SyntaxKind.LessThanToken && skipOuter(c.left).getText() === '0';
}

export function shiftFixes(ctx: RuleContext, call: ts.CallExpression, path: string, loop: LoopLike): Fix[] {
  if (!ts.isWhileStatement(loop) || call.arguments.length || !isNonEmptyTest(loop.expression, path)) return [];
  // the body may only take from the front and add at the back: other uses would see a longer array
  let ok = true;
  walk(loop.statement, (n) => {
    if (!ok || n === call) return false;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && dottedName(n) === path) {
      const p = n.parent;
      if (!(ts.isPropertyAccessExpression(p) && p.expression === n && p.name.text === 'push' && ts.isCallExpression(p.parent))) ok = false;
      return false;
    }
    return undefined;
  });
  if (!ok) return [];
  const sf = ctx.sourceFile;
  const point = hoistPoint(loop, sf);
  if (!point) return [];
  const head = freshName('head', sf);
  const recv = skipOuter(call.expression) as ts.PropertyAccessExpression;
  const recvText = recv.expression.getText(sf);
  const edits: TextEdit[] = [
    insertBefore(point, `let ${head} = 0;`, ctx.fileName, sf),
    { file: ctx.fileName, start: loop.expression.getStart(sf), end: loop.expression.end, newText: `${head} < ${recvText}.length` },
    { file: ctx.fileName, start: call.getStart(sf), end: call.end, newText: `${recvText}[${head}++]` },
  ];
  return [{ title: `Walk \`${path}\` with an index instead of \`shift()\``, kind: 'suggestion', edits }];
}

interface RemovalLoop {
  index: string;
  cond: ts.Expression;
}

/** `for (let i = xs.length - 1; i >= 0; i--) if (cond) xs.splice(i, 1);` and the forward form with `i--`. */
function removalLoop(loop: ts.ForStatement, call: ts.CallExpression, path: string): RemovalLoop | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const decl = init.declarations[0]!;
  if (!ts.isIdentifier(decl.name)) return undefined;
  const index = decl.name.text;
  if (call.arguments.length !== 2 || skipOuter(call.arguments[0]!).getText() !== index || skipOuter(call.arguments[1]!).getText() !== '1') return undefined;
  const body = ts.isBlock(loop.statement) && loop.statement.statements.length === 1 ? loop.statement.statements[0]! : loop.statement;
  if (!ts.isIfStatement(body) || body.elseStatement) return undefined;
  const then = body.thenStatement;
  const thenStmts = ts.isBlock(then) ? [...then.statements] : [then];
  const isSplice = (s: ts.Statement): boolean => ts.isExpressionStatement(s) && skipOuter(s.expression) === call;
  const inc = loop.incrementor?.getText().replace(/\s/g, '');
  const reverse = inc === `${index}--` || inc === `--${index}`;
  if (reverse) {
    if (thenStmts.length !== 1 || !isSplice(thenStmts[0]!)) return undefined;
  } else {
    const dec = thenStmts[1]?.getText().replace(/[\s;]/g, '');
    if (thenStmts.length !== 2 || !isSplice(thenStmts[0]!) || (dec !== `${index}--` && dec !== `--${index}`)) return undefined;
  }
  // the index may appear in the condition only as `xs[i]`
  let usesIndexAlone = ts.isIdentifier(skipOuter(body.expression));
  walk(body.expression, (n) => {
    if (ts.isElementAccessExpression(n) && dottedName(n.expression) === path && skipOuter(n.argumentExpression).getText() === index) return false;
    if (ts.isIdentifier(n) && n.text === index) usesIndexAlone = true;
    if (isFunctionLike(n)) usesIndexAlone = true;
    return undefined;
  });
  return usesIndexAlone ? undefined : { index, cond: body.expression };
}

function isReassignable(recv: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = skipOuter(recv);
  if (ts.isPropertyAccessExpression(e)) return true;
  if (!ts.isIdentifier(e)) return false;
  const decl = declarationOf(e, checker);
  if (!decl) return false;
  if (ts.isParameter(decl)) return true;
  return ts.isVariableDeclaration(decl) && (decl.parent.flags & ts.NodeFlags.Const) === 0;
}

export function spliceFixes(ctx: RuleContext, call: ts.CallExpression, path: string, loop: LoopLike): Fix[] {
  if (!ts.isForStatement(loop)) return [];
  const removal = removalLoop(loop, call, path);
  if (!removal) return [];
  const recv = (skipOuter(call.expression) as ts.PropertyAccessExpression).expression;
  if (!isReassignable(recv, ctx.checker)) return [];
  const sf = ctx.sourceFile;
  const item = freshName('item', sf);
  // rebuild the condition with `xs[i]` → item
  const rewrite = (node: ts.Node): string => {
    if (ts.isElementAccessExpression(node) && dottedName(node.expression) === path) return item;
    const base = node.getStart(sf);
    const cuts: { start: number; end: number }[] = [];
    walk(node, (n) => {
      if (ts.isElementAccessExpression(n) && dottedName(n.expression) === path && skipOuter(n.argumentExpression).getText() === removal.index) {
        cuts.push({ start: n.getStart(sf) - base, end: n.end - base });
        return false;
      }
      return undefined;
    });
    let text = node.getText(sf);
    for (const cut of cuts.sort((a, b) => b.start - a.start)) text = text.slice(0, cut.start) + item + text.slice(cut.end);
    return text;
  };
  const c = skipOuter(removal.cond);
  const keep = ts.isPrefixUnaryExpression(c) && c.operator === ts.SyntaxKind.ExclamationToken ? rewrite(c.operand) : `!(${rewrite(removal.cond)})`;
  const recvText = recv.getText(sf);
  const newText = `${recvText} = ${recvText}.filter((${item}) => ${keep});`;
  return [{ title: `Remove the matches with one \`filter\` instead of \`splice\` in a loop`, kind: 'suggestion', edits: [{ file: ctx.fileName, start: loop.getStart(sf), end: loop.end, newText }] }];
}
