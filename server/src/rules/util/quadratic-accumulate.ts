/**
 * quadratic-loop, accumulators that copy themselves on every step:
 * `xs.reduce((acc, x) => [...acc, x], [])`, `({ ...acc, [k]: v })`, `acc = [...acc, x]` and
 * `acc = acc.concat(x)` in a loop. Each step copies everything gathered so far: O(n²).
 * Fix: mutate a fresh accumulator (`push`, property assignment, `Object.assign`).
 */
import { ts } from 'ts-morph';
import type { Fix } from '../../engine/finding';
import type { RuleContext } from '../rule';
import { enclosingLoops, type LoopLike } from './loops';
import { calleeName, calleeReceiver, dottedName, enclosingFunction, skipOuter, walk } from './syntax';
import { arrayEvidence, collectionKind, loopSize, sizeClass } from './collections';
import { declarationOf, isAssignment, within } from './dataflow';
import { describeLoop } from './loop-chain';

type Literal = ts.ArrayLiteralExpression | ts.ObjectLiteralExpression;

function outerParens(node: ts.Node): ts.Node {
  let top = node;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  return top;
}

/** The reduce call whose callback returns `value` with `accName` as its accumulator. */
function reduceReturning(value: ts.Node, accName: string): ts.CallExpression | undefined {
  const top = outerParens(value);
  let fn: ts.Node | undefined;
  if ((ts.isArrowFunction(top.parent) && top.parent.body === top)) fn = top.parent;
  else if (ts.isReturnStatement(top.parent)) fn = enclosingFunction(top.parent);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const acc = fn.parameters[0];
  if (!acc || !ts.isIdentifier(acc.name) || acc.name.text !== accName) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn || call.arguments.length !== 2) return undefined;
  const name = calleeName(call);
  return name === 'reduce' || name === 'reduceRight' ? call : undefined;
}

/** Loops around `node`, inside the scope where the accumulator lives, that run an input-dependent number of times. */
function repeatingLoopAround(node: ts.Node, accRoot: ts.Identifier, checker: ts.TypeChecker): LoopLike | undefined {
  const decl = declarationOf(accRoot, checker);
  if (!decl) return undefined;
  let found: LoopLike | undefined;
  for (const loop of enclosingLoops(node)) {
    if (within(decl, loop)) break;
    const size = loopSize(loop, checker);
    if (size === 'input' || size === 'unknown') found = loop;
  }
  return found;
}

function isFreshLiteral(e: ts.Expression | undefined): boolean {
  if (!e) return false;
  const x = skipOuter(e);
  if (ts.isArrayLiteralExpression(x)) return x.elements.every((el) => !ts.isSpreadElement(el));
  if (ts.isObjectLiteralExpression(x)) return x.properties.every((p) => !ts.isSpreadAssignment(p));
  return false;
}

/** Uses of `name` in `region` other than `allowed` nodes are plain reads (`acc.x`, `acc[k]`, `k in acc`). */
function onlyReads(region: ts.Node, name: string, allowed: ReadonlySet<ts.Node>): boolean {
  let ok = true;
  walk(region, (n) => {
    if (!ok || allowed.has(n)) return false;
    if (!ts.isIdentifier(n) || n.text !== name) return undefined;
    const p = n.parent;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === n && !isAssignment(p.parent) && !ts.isCallExpression(p.parent)) return false;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InKeyword && p.right === n) return false;
    if (ts.isParameter(p) && p.name === n) return false;
    ok = false;
    return false;
  });
  return ok;
}

/** The mutating form of `[...acc, a, b]` / `{ ...acc, k: v }`, or undefined when the spread is not first. */
function mutationOf(lit: Literal, acc: string, sf: ts.SourceFile, asStatement: boolean): { text: string; pushesSpread: boolean } | undefined {
  if (ts.isArrayLiteralExpression(lit)) {
    const [first, ...rest] = lit.elements;
    if (!first || !ts.isSpreadElement(first) || rest.some((e) => ts.isOmittedExpression(e))) return undefined;
    if (!rest.length) return undefined;
    const args = rest.map((e) => e.getText(sf)).join(', ');
    const pushesSpread = rest.some(ts.isSpreadElement);
    return { text: asStatement ? `${acc}.push(${args});` : `(${acc}.push(${args}), ${acc})`, pushesSpread };
  }
  const [first, ...rest] = lit.properties;
  if (!first || !ts.isSpreadAssignment(first) || !rest.length) return undefined;
  if (rest.some((p) => ts.isMethodDeclaration(p) || ts.isAccessor(p))) return undefined;
  const only = rest.length === 1 ? rest[0]! : undefined;
  if (asStatement && only && ts.isPropertyAssignment(only)) {
    const target = ts.isComputedPropertyName(only.name) ? `${acc}[${only.name.expression.getText(sf)}]` : ts.isIdentifier(only.name) ? `${acc}.${only.name.text}` : `${acc}[${only.name.getText(sf)}]`;
    return { text: `${target} = ${only.initializer.getText(sf)};`, pushesSpread: false };
  }
  if (asStatement && only && ts.isShorthandPropertyAssignment(only)) return { text: `${acc}.${only.name.text} = ${only.name.text};`, pushesSpread: false };
  const props = sf.text.slice(rest[0]!.getStart(sf), rest[rest.length - 1]!.end);
  const call = `Object.assign(${acc}, { ${props} })`;
  return { text: asStatement ? `${call};` : call, pushesSpread: false };
}

export function checkAccumulatorSpread(ctx: RuleContext, spread: ts.SpreadElement | ts.SpreadAssignment): void {
  const acc = skipOuter(spread.expression);
  const accPath = dottedName(acc);
  const lit = spread.parent;
  if (!accPath || !(ts.isArrayLiteralExpression(lit) || ts.isObjectLiteralExpression(lit))) return;
  const sf = ctx.sourceFile;
  const checker = ctx.checker;
  const reduce = ts.isIdentifier(acc) ? reduceReturning(lit, acc.text) : undefined;
  if (reduce) {
    const recv = calleeReceiver(reduce);
    if (!recv || sizeClass(recv, checker) !== 'input') return;
    // an untyped receiver with `.reduce(fn, init)` is an array (nothing else has that shape)
    const kind = collectionKind(recv, checker);
    if (kind !== 'array' && kind !== 'unknown') return;
    const fn = reduce.arguments[0] as ts.ArrowFunction | ts.FunctionExpression;
    const fixes: Fix[] = [];
    const mutation = mutationOf(lit, accPath, sf, false);
    if (mutation) {
      const top = outerParens(lit);
      const safe = isFreshLiteral(reduce.arguments[1]) && onlyReads(fn.body, accPath, new Set([spread])) && !mutation.pushesSpread;
      const replaceNode = ts.isArrayLiteralExpression(lit) ? lit : top;
      fixes.push({ title: 'Mutate the accumulator instead of copying it on every step', kind: safe ? 'safe' : 'suggestion', edits: [{ file: ctx.fileName, start: replaceNode.getStart(sf), end: replaceNode.end, newText: mutation.text }] });
    }
    const recvName = dottedName(recv) ?? 'the array';
    ctx.report(spread, `\`...${accPath}\` copies the accumulator on every step of \`${recvName}.${calleeName(reduce)}\` — O(n²); mutate a fresh accumulator instead`, {
      related: [{ node: reduce, message: 'the reduce' }],
      data: { pattern: 'accumulator-spread', collection: recvName },
      fixes,
    });
    return;
  }
  // acc = [...acc, x] / acc = { ...acc, [k]: v } in a loop
  const top = outerParens(lit);
  const assign = top.parent;
  if (!assign || !isAssignment(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assign.right !== top || dottedName(assign.left) !== accPath) return;
  const root = rootOf(acc);
  if (!root) return;
  const loop = repeatingLoopAround(assign, root, checker);
  if (!loop) return;
  const fixes = selfAssignFixes(ctx, assign, lit, accPath, loop);
  ctx.report(spread, `\`${accPath} = ${ts.isArrayLiteralExpression(lit) ? `[...${accPath}, …]` : `{ ...${accPath}, … }`}\` copies everything gathered so far ${describeLoop(loop)} — O(n²); mutate \`${accPath}\` instead`, {
    related: [{ node: loop, message: 'the loop' }],
    data: { pattern: 'accumulator-spread', collection: accPath },
    fixes,
  });
}

function rootOf(e: ts.Expression): ts.Identifier | undefined {
  let x = skipOuter(e);
  while (ts.isPropertyAccessExpression(x)) x = skipOuter(x.expression);
  return ts.isIdentifier(x) ? x : undefined;
}

/**
 * Safe when the accumulator is a local `let` that starts as a fresh literal and nothing but these
 * self-assignments (and reads) touch it up to the end of the loop: no one else can see the mutation.
 */
function isPrivateAccumulator(ctx: RuleContext, accPath: string, loop: LoopLike, selfAssign: ts.BinaryExpression): boolean {
  const acc = skipOuter(selfAssign.left);
  if (!ts.isIdentifier(acc)) return false;
  const decl = declarationOf(acc, ctx.checker);
  if (!decl || !ts.isVariableDeclaration(decl) || !isFreshLiteral(decl.initializer) || decl.getSourceFile() !== ctx.sourceFile) return false;
  if (enclosingFunction(selfAssign) !== enclosingFunction(decl)) return false;
  const fn = enclosingFunction(decl) ?? ctx.sourceFile;
  // from the declaration to the end of the loop, `acc` is only self-assigned and read through members
  let ok = true;
  walk(fn, (n) => {
    if (!ok || n.end <= decl.end || n.pos >= loop.end) return false;
    if (!ts.isIdentifier(n) || n.text !== accPath || n === decl.name) return undefined;
    const p = n.parent;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === n) return undefined;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.InKeyword && p.right === n) return undefined;
    if (isAssignment(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && isSelfCopy(p.right, accPath)) return undefined;
    if ((ts.isSpreadElement(p) || ts.isSpreadAssignment(p)) && isSelfCopy(outerParens(p.parent) as ts.Expression, accPath, true)) return undefined;
    ok = false;
    return false;
  });
  return ok;
}

/** `[...acc, …]`, `{ ...acc, … }`, `acc.concat(…)` assigned back to `acc`. */
function isSelfCopy(value: ts.Expression, accPath: string, checkAssigned = false): boolean {
  const v = skipOuter(value);
  if (checkAssigned) {
    const a = value.parent;
    if (!a || !isAssignment(a) || dottedName(a.left) !== accPath) return false;
  }
  if (ts.isArrayLiteralExpression(v)) return !!v.elements[0] && ts.isSpreadElement(v.elements[0]) && dottedName(v.elements[0].expression) === accPath;
  if (ts.isObjectLiteralExpression(v)) return !!v.properties[0] && ts.isSpreadAssignment(v.properties[0]) && dottedName(v.properties[0].expression) === accPath;
  return ts.isCallExpression(v) && calleeName(v) === 'concat' && !!calleeReceiver(v) && dottedName(calleeReceiver(v)!) === accPath;
}

function selfAssignFixes(ctx: RuleContext, assign: ts.BinaryExpression, lit: Literal, accPath: string, loop: LoopLike): Fix[] {
  const stmt = outerParens(assign).parent;
  if (!stmt || !ts.isExpressionStatement(stmt)) return [];
  const sf = ctx.sourceFile;
  const mutation = mutationOf(lit, accPath, sf, true);
  if (!mutation) return [];
  const safe = !mutation.pushesSpread && isPrivateAccumulator(ctx, accPath, loop, assign);
  return [{ title: `Mutate \`${accPath}\` instead of copying it on every iteration`, kind: safe ? 'safe' : 'suggestion', edits: [{ file: ctx.fileName, start: stmt.getStart(sf), end: stmt.end, newText: mutation.text }] }];
}

// ── a = a.concat(x) in a loop ───────────────────────────────────────────────────────────────

function isNonArrayElement(e: ts.Expression, checker: ts.TypeChecker): boolean {
  try {
    const t = checker.getTypeAtLocation(e);
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return false;
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => !(p.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) && !checker.isArrayType(p) && !checker.isTupleType(p) && !(p.getSymbol()?.getName() === 'Object'));
  } catch {
    return false;
  }
}

export function checkConcatInLoop(ctx: RuleContext, call: ts.CallExpression): void {
  if (calleeName(call) !== 'concat') return;
  const recv = calleeReceiver(call);
  const path = recv ? dottedName(recv) : undefined;
  if (!recv || !path || call.arguments.length === 0) return;
  const top = outerParens(call);
  const assign = top.parent;
  if (!assign || !isAssignment(assign) || assign.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assign.right !== top || dottedName(assign.left) !== path) return;
  const checker = ctx.checker;
  const root = rootOf(recv);
  if (!root) return;
  const kind = collectionKind(recv, checker);
  if (kind !== 'array' && !(kind === 'unknown' && arrayEvidence(recv, checker))) return;
  const loop = repeatingLoopAround(assign, root, checker);
  if (!loop) return;
  const sf = ctx.sourceFile;
  const fixes: Fix[] = [];
  const stmt = outerParens(assign).parent;
  if (stmt && ts.isExpressionStatement(stmt) && call.arguments.every((a) => !ts.isSpreadElement(a))) {
    const elements = call.arguments.map((a) => isNonArrayElement(a, checker));
    const arrays = call.arguments.map((a) => collectionKind(a, checker) === 'array');
    if (elements.every((x, i) => x || arrays[i])) {
      const args = call.arguments.map((a, i) => (arrays[i] ? `...${a.getText(sf)}` : a.getText(sf))).join(', ');
      const safe = elements.every(Boolean) && isPrivateAccumulator(ctx, path, loop, assign);
      fixes.push({ title: `Push onto \`${path}\` instead of concatenating a copy`, kind: safe ? 'safe' : 'suggestion', edits: [{ file: ctx.fileName, start: stmt.getStart(sf), end: stmt.end, newText: `${recv.getText(sf)}.push(${args});` }] });
    }
  }
  ctx.report({ start: call.getStart(sf), end: skipOuter(call.expression).end }, `\`${path} = ${path}.concat(…)\` copies \`${path}\` ${describeLoop(loop)} — O(n²); push onto it instead`, {
    related: [{ node: loop, message: 'the loop' }],
    data: { pattern: 'concat', collection: path },
    fixes,
  });
}
