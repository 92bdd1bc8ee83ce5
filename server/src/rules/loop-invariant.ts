/**
 * loop-invariant: expensive construction whose input does not change inside a loop or per-item
 * callback — `new RegExp(p, f)` / `RegExp(p)` with an invariant pattern, and deep clones
 * (`JSON.parse(JSON.stringify(x))`, `structuredClone(x)`) of an invariant value that are only read.
 * Quiet on regex literals (V8 caches them), patterns built from the loop variable, clones that are
 * changed or handed on (each iteration needs its own), and g/y regexes whose lastIndex state is used.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext } from './rule';
import { enclosingLoops } from './util/loops';
import { dottedName, skipOuter, walk } from './util/syntax';
import { declarationOf, mutatedIn } from './util/dataflow';
import { describeLoop, invariantLoopChain } from './util/loop-chain';
import { onlyRead, regexUses } from './util/value-uses';
import { hoistFix } from './util/hoist-fix';
import { lastName } from './util/hoist';

function flagsOf(arg: ts.Expression | undefined, checker: ts.TypeChecker): string | undefined {
  if (!arg) return '';
  const e = skipOuter(arg);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isIdentifier(e)) {
    const decl = declarationOf(e, checker);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && (decl.parent.flags & ts.NodeFlags.Const) !== 0 && ts.isStringLiteralLike(skipOuter(decl.initializer))) {
      return (skipOuter(decl.initializer) as ts.StringLiteralLike).text;
    }
  }
  return undefined;
}

function isGlobalRegExp(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = skipOuter(callee);
  if (!ts.isIdentifier(e) || e.text !== 'RegExp') return false;
  const decl = declarationOf(e, checker);
  return !decl || decl.getSourceFile().isDeclarationFile;
}

function isRegExpValue(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  if (ts.isRegularExpressionLiteral(skipOuter(expr))) return true;
  try {
    return checker.getTypeAtLocation(expr).getSymbol()?.getName() === 'RegExp';
  } catch {
    return false;
  }
}

/** A readable name for the hoisted value: the first name the pattern reads (`term` → `termRe`). */
function baseNameOf(expr: ts.Expression, suffix: string, fallback: string): string {
  let found: string | undefined;
  const consider = (n: ts.Node): boolean => {
    if (found) return false;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && !(ts.isCallExpression(n.parent) && n.parent.expression === n)) {
      const d = dottedName(n as ts.Expression);
      if (d && d !== 'this') {
        found = lastName(d);
        return false;
      }
    }
    return true;
  };
  if (consider(expr)) walk(expr, (n) => (consider(n) ? undefined : false));
  return found ? `${found}${suffix}` : fallback;
}

function shortText(node: ts.Node, sf: ts.SourceFile): string {
  const text = node.getText(sf).replace(/\s+/g, ' ');
  return text.length <= 48 ? text : `${text.slice(0, 44)}…${text.slice(-1)}`;
}

function checkRegExp(ctx: RuleContext, node: ts.NewExpression | ts.CallExpression): void {
  const args = node.arguments ?? [];
  if (args.length === 0 || args.length > 2 || args.some(ts.isSpreadElement)) return;
  if (!ts.isIdentifier(skipOuter(node.expression)) || (skipOuter(node.expression) as ts.Identifier).text !== 'RegExp') return;
  const loops = enclosingLoops(node);
  if (!loops.length) return;
  const checker = ctx.checker;
  if (!isGlobalRegExp(node.expression, checker)) return;
  // new RegExp(otherRegex) is a deliberate copy (fresh lastIndex), not a compile
  if (isRegExpValue(args[0]!, checker)) return;
  const chain = invariantLoopChain(args, node, checker, loops, {});
  if (!chain) return;
  const flags = flagsOf(args[1], checker);
  const { uses, usesExecOrTest } = regexUses(node, checker);
  if (uses === 'stateful') return;
  const mayKeepState = flags === undefined || /[gy]/.test(flags);
  // exec/test on a g/y regex continue from lastIndex: one shared instance would change results
  if (usesExecOrTest && mayKeepState) return;
  // sticky without global: replace/match read lastIndex too
  if (flags !== undefined && flags.includes('y') && !flags.includes('g')) return;
  if (uses === 'escapes' && mayKeepState) return;
  const safe = chain.pure && uses === 'stateless' && flags !== undefined;
  const sf = ctx.sourceFile;
  const text = shortText(node, sf);
  ctx.report(node, `\`${text}\` compiles the same pattern ${describeLoop(chain.repeating)} — build it once before the loop`, {
    related: [{ node: chain.repeating, message: 'the loop' }],
    data: { pattern: 'regexp', loopSize: chain.repeatingSize },
    fixes: hoistFix(ctx, node as ts.Expression, chain.outermost, baseNameOf(args[0]!, 'Re', 're'), safe ? 'safe' : 'suggestion', 'Hoist the RegExp to before the loop'),
  });
}

/** `JSON.parse(JSON.stringify(x))` / `structuredClone(x)` → x. */
function clonedValue(call: ts.CallExpression): ts.Expression | undefined {
  if (call.arguments.length !== 1) return undefined;
  const callee = dottedName(call.expression);
  if (callee === 'structuredClone') return call.arguments[0];
  if (callee !== 'JSON.parse') return undefined;
  const inner = skipOuter(call.arguments[0]!);
  if (!ts.isCallExpression(inner) || dottedName(inner.expression) !== 'JSON.stringify' || inner.arguments.length !== 1) return undefined;
  return inner.arguments[0];
}

/** The source of the clone is only read inside the loop (nothing there can change it between iterations). */
function sourceOnlyRead(path: string, loop: ts.Node, clone: ts.Node, checker: ts.TypeChecker): boolean {
  let ok = true;
  walk(loop, (n) => {
    if (!ok || n === clone) return false;
    if ((ts.isIdentifier(n) || ts.isPropertyAccessExpression(n)) && dottedName(n) === path) {
      if (!onlyRead(n, checker)) ok = false;
      return false;
    }
    return undefined;
  });
  return ok;
}

function checkClone(ctx: RuleContext, call: ts.CallExpression): void {
  const source = clonedValue(call);
  const path = source ? dottedName(source) : undefined;
  if (!source || !path) return;
  const loops = enclosingLoops(call);
  if (!loops.length) return;
  const checker = ctx.checker;
  const chain = invariantLoopChain(source, call, checker, loops, {});
  if (!chain) return;
  if (mutatedIn(chain.outermost, path) || !sourceOnlyRead(path, chain.outermost, call, checker)) return;
  // a copy that is changed, stored or handed on is needed per iteration
  let shape: ts.Type | undefined;
  try {
    shape = checker.getTypeAtLocation(source);
  } catch {
    shape = undefined;
  }
  if (!onlyRead(call, checker, 0, shape)) return;
  const sf = ctx.sourceFile;
  const what = dottedName(call.expression) === 'structuredClone' ? `structuredClone(${path})` : `JSON.parse(JSON.stringify(${path}))`;
  ctx.report(call, `\`${what}\` deep-copies the same \`${path}\` ${describeLoop(chain.repeating)} and the copy is only read — copy it once before the loop`, {
    related: [{ node: chain.repeating, message: 'the loop' }],
    data: { pattern: 'clone', loopSize: chain.repeatingSize },
    fixes: hoistFix(ctx, call, chain.outermost, `${lastName(path)}Copy`, chain.pure ? 'safe' : 'suggestion', `Copy \`${path}\` once before the loop`),
  });
}

function check(ctx: RuleContext): void {
  for (const node of ctx.nodes(ts.SyntaxKind.NewExpression)) checkRegExp(ctx, node as ts.NewExpression);
  for (const node of ctx.nodes(ts.SyntaxKind.CallExpression)) {
    const call = node as ts.CallExpression;
    const callee = skipOuter(call.expression);
    if (ts.isIdentifier(callee) && callee.text === 'RegExp') checkRegExp(ctx, call);
    else checkClone(ctx, call);
  }
}

export const loopInvariant: Rule = {
  id: 'loop-invariant',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'safe',
    description: 'RegExp construction and deep clones with loop-invariant input, repeated on every iteration',
  },
  docs: {
    why:
      '`new RegExp(pattern)` parses and compiles the pattern every time it runs; unlike a regex literal, V8 does not ' +
      'cache it per call site. Built inside a loop or a `.map` callback from a pattern that never changes, that is one ' +
      'compile per item instead of one in total. `JSON.parse(JSON.stringify(x))` walks, serialises and re-parses all of ' +
      '`x`; when `x` does not change in the loop and the copy is only read, every copy after the first is wasted. ' +
      'Hoisting the construction to before the loop keeps the behaviour and removes the repeated work. PerfLens stays ' +
      'quiet on regex literals, patterns built from the loop variable, copies that are changed or handed on, and `g`/`y` ' +
      'regexes whose `lastIndex` state `exec`/`test` rely on.',
    bad: [
      `export function matching(rows: { name: string }[], term: string) {
  return rows.filter((r) => new RegExp(term, 'i').test(r.name));
}
`,
      `const defaults = { theme: 'dark', pageSize: 20 };
export function pageSizes(users: { prefs?: { pageSize?: number } }[]) {
  const sizes: number[] = [];
  for (const u of users) {
    const base = JSON.parse(JSON.stringify(defaults));
    sizes.push(u.prefs?.pageSize ?? base.pageSize);
  }
  return sizes;
}
`,
    ],
    good: [
      `export function matching(rows: { name: string }[], term: string) {
  const termRe = new RegExp(term, 'i');
  return rows.filter((r) => termRe.test(r.name));
}
`,
    ],
    lookAlikes: [
      `export function slugs(titles: string[]) {
  return titles.map((t) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
}
`,
      `export function highlight(lines: string[], words: string[]) {
  return lines.map((line, i) => line.replace(new RegExp(words[i] ?? '', 'g'), (m) => '<b>' + m + '</b>'));
}
`,
      `export function countAll(texts: string[], word: string) {
  let n = 0;
  for (const t of texts) {
    const re = new RegExp(word, 'g');
    while (re.exec(t)) n++;
  }
  return n;
}
`,
      `const template = { status: 'new', tags: [] as string[] };
export function drafts(ids: string[]) {
  return ids.map((id) => {
    const doc = JSON.parse(JSON.stringify(template));
    doc.id = id;
    return doc;
  });
}
`,
    ],
  },
  kinds: [ts.SyntaxKind.NewExpression, ts.SyntaxKind.CallExpression],
  check,
};

