/**
 * unbounded-cache: a process-lifetime Map/Set/object/array (module level, static field, singleton
 * field, module-load closure, globalThis) that only grows — entries are added per request, per
 * event or per distinct key, and nothing deletes, clears, bounds or expires them. Points at the
 * cache's declaration.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext } from './rule';
import { dottedName, enclosingFunction, isFunctionLike, skipOuter, walk, type FunctionLike } from './util/syntax';
import { referencesOfName, usagesOf } from './util/callers';
import { classifyUsage, containerKindOf, type ContainerKind, type ContainerUsage, type GrowthSite } from './util/cache-usage';
import { servingReach } from './util/serving';
import { symbolAt } from './util/dataflow';
import { boundCacheFix } from './util/bounded-cache-fix';
import { isScriptOrConfigFile } from './util/handlers';
import { isFiniteKey, isLoggedMessageKey, loadsModules } from './util/finite-keys';

interface Candidate {
  /** what the finding points at */
  decl: ts.Node;
  name: string;
  kind: ContainerKind;
  initializer: ts.Expression;
  where: string;
  refs: ts.Expression[];
  topStatement: ts.Statement;
  annotated: boolean;
}

const SINGLETON_DECORATORS = /^(Injectable|Service|Controller|Singleton|Resolver|Module)$/;

function topStatementOf(node: ts.Node): ts.Statement | undefined {
  let cur: ts.Node = node;
  while (cur.parent && !ts.isSourceFile(cur.parent)) cur = cur.parent;
  return cur.parent ? (cur as ts.Statement) : undefined;
}

/** An IIFE evaluated while the module loads: `const memo = (() => { … })();`. */
function isModuleLoadIife(fn: FunctionLike): boolean {
  let e: ts.Node = fn;
  while (e.parent && ts.isParenthesizedExpression(e.parent)) e = e.parent;
  const call = e.parent;
  if (!call || !ts.isCallExpression(call) || call.expression !== e) return false;
  return !enclosingFunction(call);
}

/** Variables that live as long as the process: module scope, or the top scope of a module-load IIFE. */
function variableLifetime(decl: ts.VariableDeclaration): string | undefined {
  const stmt = decl.parent?.parent;
  if (!stmt || !ts.isVariableStatement(stmt)) return undefined;
  if (ts.isSourceFile(stmt.parent)) return 'module-level';
  const block = stmt.parent;
  if (ts.isBlock(block) && block.parent && isFunctionLike(block.parent) && isModuleLoadIife(block.parent)) return 'module-load closure';
  return undefined;
}

/**
 * `function memoize(fn) { const cache = new Map(); return (a) => … cache.set(a, …) … }` called at
 * module load (`export const cached = memoize(load)`): each such call makes one cache that the
 * returned closure keeps for the life of the process. Only factories that return a function using
 * the container qualify (a plain local map dies with its call).
 */
function factoryClosureLifetime(decl: ts.VariableDeclaration, ctx: RuleContext): string | undefined {
  const stmt = decl.parent?.parent;
  const block = stmt?.parent;
  if (!stmt || !ts.isVariableStatement(stmt) || !block || !ts.isBlock(block) || !block.parent || !isFunctionLike(block.parent)) return undefined;
  const fn = block.parent;
  if (!ts.isIdentifier(decl.name) || !returnsClosureOver(block, decl.name.text)) return undefined;
  const calls = usagesOf(fn, ctx.checker, ctx.project);
  return calls.some((u) => u.call && !enclosingFunction(u.call)) ? 'module-load closure' : undefined;
}

function returnsClosureOver(body: ts.Block, name: string): boolean {
  return body.statements.some((st) => {
    if (!ts.isReturnStatement(st) || !st.expression) return false;
    const ret = skipOuter(st.expression);
    if (!isFunctionLike(ret)) return false;
    let uses = false;
    walk(ret, (n) => {
      if (uses) return false;
      if (ts.isIdentifier(n) && n.text === name) uses = true;
    });
    return uses;
  });
}

function isSingletonClass(cls: ts.ClassLikeDeclaration, sf: ts.SourceFile): boolean {
  const decorators = ts.canHaveDecorators(cls) ? ts.getDecorators(cls) ?? [] : [];
  for (const d of decorators) {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    if (ts.isIdentifier(callee) && SINGLETON_DECORATORS.test(callee.text)) {
      const scoped = ts.isCallExpression(e) && /\bscope\s*:/.test(e.getText(sf));
      if (!scoped) return true;
    }
  }
  const name = cls.name?.text;
  if (!name) return false;
  // `export const users = new UserService()` / `export default new UserService()` at module level
  return sf.statements.some((s) => {
    const text = ts.isVariableStatement(s) || ts.isExportAssignment(s) ? s.getText(sf) : '';
    return new RegExp(`new\\s+${name}\\s*\\(`).test(text);
  });
}

function fieldCandidate(prop: ts.PropertyDeclaration, sf: ts.SourceFile): Omit<Candidate, 'refs'> | undefined {
  const kind = containerKindOf(prop.initializer);
  if (!kind || !prop.initializer || !ts.isIdentifier(prop.name)) return undefined;
  const cls = prop.parent;
  if (!ts.isClassLike(cls)) return undefined;
  const isStatic = !!ts.getModifiers(prop)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
  if (!isStatic && !isSingletonClass(cls, sf)) return undefined;
  const top = topStatementOf(cls);
  if (!top) return undefined;
  return { decl: prop, name: prop.name.text, kind, initializer: prop.initializer, where: isStatic ? 'static field' : 'singleton field', topStatement: top, annotated: !!prop.type };
}

/** References to a field: `this.cache` inside the class, `Cls.cache` / `instance.cache` anywhere (by symbol). */
function fieldReferences(prop: ts.PropertyDeclaration, name: ts.Identifier, ctx: RuleContext): ts.Expression[] {
  const target = symbolAt(name, ctx.checker);
  const out: ts.Expression[] = [];
  walk(ctx.sourceFile, (n) => {
    if (ts.isPropertyAccessExpression(n) && n.name.text === name.text && symbolAt(n.name, ctx.checker) === target) out.push(n);
  });
  return out;
}

/** `globalThis.cache = new Map()` / `global.cache ??= {}` at module level. */
function globalCandidate(stmt: ts.ExpressionStatement, sf: ts.SourceFile): Omit<Candidate, 'refs'> | undefined {
  const e = skipOuter(stmt.expression);
  if (!ts.isBinaryExpression(e) || !ts.isSourceFile(stmt.parent)) return undefined;
  const target = dottedName(skipOuter(e.left));
  if (!target || !/^(globalThis|global)\.\w+$/.test(target)) return undefined;
  const kind = containerKindOf(e.right);
  if (!kind) return undefined;
  return { decl: stmt, name: target, kind, initializer: e.right, where: 'globalThis', topStatement: stmt, annotated: false };
}

/** A growth site that runs again and again: in serving code, an event/timer callback, or a lookup-then-fill memo. */
function growsAtRuntime(site: GrowthSite, usage: ContainerUsage, ctx: RuleContext): FunctionLike | undefined {
  const fn = enclosingFunction(site.node);
  if (!fn) return undefined; // filled once at startup
  if (usage.reads.some((r) => enclosingFunction(r) === fn)) return fn; // memo: get/has then set
  return servingReach(fn, { checker: ctx.checker, project: ctx.project, countAsync: true }) ? fn : undefined;
}

/** Why a growth site cannot add entries without bound, if it provably cannot. */
function boundedKeys(site: GrowthSite, fn: FunctionLike, ctx: RuleContext): boolean {
  if (site.key && isFiniteKey(site.key, { checker: ctx.checker, project: ctx.project })) return true;
  if (isLoggedMessageKey(site.key, fn)) return true;
  return loadsModules(fn);
}

function describeKind(kind: ContainerKind): string {
  return kind === 'array' ? 'array' : kind === 'object' ? 'object map' : kind;
}

function check(ctx: RuleContext, c: Candidate): void {
  const usage = classifyUsage(c.refs, c.name);
  if (usage.evicts || usage.escapes || usage.growth.length === 0) return;
  const runtime: { site: GrowthSite; fn: FunctionLike }[] = [];
  for (const site of usage.growth) {
    if (site.node.getSourceFile() !== ctx.sourceFile && isScriptOrConfigFile(site.node.getSourceFile().fileName, site.node.getSourceFile().text)) continue;
    const fn = growsAtRuntime(site, usage, ctx);
    if (fn) runtime.push({ site, fn });
  }
  if (runtime.length === 0) return;
  if (runtime.every((r) => boundedKeys(r.site, r.fn, ctx))) return;
  const first = runtime[0]!;
  const fnName = first.fn.name && ts.isIdentifier(first.fn.name) ? first.fn.name.text : undefined;
  const inFn = fnName ? ` in \`${fnName}\`` : '';
  const message =
    `\`${c.name}\` (a ${c.where} ${describeKind(c.kind)}) only grows: \`${first.site.label}\`${inFn} adds an entry per distinct key or event and nothing deletes, ` +
    `clears or bounds it — memory grows for the life of the process; bound it (LRU/TTL) or evict entries`;
  const fix = first.site.node.getSourceFile() === ctx.sourceFile || c.kind !== 'array'
    ? boundCacheFix({ kind: c.kind, initializer: c.initializer, topStatement: c.topStatement, name: c.name, growth: usage.growth, sf: ctx.sourceFile, fileName: ctx.fileName, project: ctx.project, annotated: c.annotated })
    : undefined;
  ctx.report(c.decl, message, {
    related: runtime.slice(0, 3).map((r) => ({ node: r.site.node, message: `grows here: \`${r.site.label}\`` })),
    data: { container: c.kind, lifetime: c.where, growthSites: usage.growth.length },
    fixes: fix ? [fix] : [],
  });
}

function isTestFile(fileName: string): boolean {
  return /\.(test|spec)\.[cm]?[jt]sx?$/.test(fileName) || /\/(__tests__|__mocks__)\//.test(fileName);
}

export const unboundedCache: Rule = {
  id: 'unbounded-cache',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'suggestion',
    description: 'Process-lifetime Map/Set/object/array that only grows (no delete, clear, size bound or TTL)',
  },
  docs: {
    why:
      'A Map, Set, object or array that lives as long as the process (module scope, a static or singleton field, a module-load ' +
      'closure, globalThis) and gains an entry per request, per event or per distinct key keeps every entry forever: the heap grows ' +
      'until the garbage collector spends most of its time marking live data and the process is finally killed for memory. ' +
      'Memo caches keyed by user ids, URLs or tokens are the usual case. Bound it with an LRU (lru-cache) or a size limit, or expire ' +
      'entries with a TTL. Caches that already delete, clear, check their size or get reassigned, WeakMaps, request- or ' +
      'function-local maps, fixed key sets (literals, enums, constants, or a parameter every caller fills with one), warn-once sets ' +
      'keyed by the message they log, tables of loaded modules and maps filled only at startup are not flagged.',
    bad: [
      `const profiles = new Map<string, { name: string }>();

export async function profile(userId: string) {
  const hit = profiles.get(userId);
  if (hit) return hit;
  const res = await fetch('https://api.example.com/users/' + userId);
  const value = (await res.json()) as { name: string };
  profiles.set(userId, value);
  return value;
}
`,
    ],
    good: [
      `const profiles = new Map<string, { name: string }>();
const MAX_PROFILES = 1000;

export async function profile(userId: string) {
  const hit = profiles.get(userId);
  if (hit) return hit;
  const res = await fetch('https://api.example.com/users/' + userId);
  const value = (await res.json()) as { name: string };
  if (profiles.size >= MAX_PROFILES) profiles.delete(profiles.keys().next().value!);
  profiles.set(userId, value);
  return value;
}
`,
    ],
    lookAlikes: [
      `// WeakMap: entries go away with their keys
const sizes = new WeakMap<object, number>();
export function sizeOf(obj: object) {
  if (!sizes.has(obj)) sizes.set(obj, JSON.stringify(obj).length);
  return sizes.get(obj)!;
}
`,
      `// a registry filled once at startup
const handlers = new Map<string, () => void>();
export function register(name: string, fn: () => void) {
  handlers.set(name, fn);
}
register('ping', () => console.log('pong'));
export const run = (name: string) => handlers.get(name)?.();
`,
      `// request-local: garbage once the call returns
export async function dedupe(ids: string[]) {
  const seen = new Set<string>();
  for (const id of ids) if (!seen.has(id)) seen.add(id);
  return [...seen];
}
`,
    ],
  },
  kinds: [ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.PropertyDeclaration, ts.SyntaxKind.ExpressionStatement],
  check(ctx) {
    if (isTestFile(ctx.fileName)) return;
    const sf = ctx.sourceFile;
    for (const node of ctx.nodes(ts.SyntaxKind.VariableDeclaration)) {
      const decl = node as ts.VariableDeclaration;
      const kind = containerKindOf(decl.initializer);
      if (!kind || !decl.initializer || !ts.isIdentifier(decl.name)) continue;
      const where = variableLifetime(decl) ?? factoryClosureLifetime(decl, ctx);
      const top = where ? topStatementOf(decl) : undefined;
      if (!where || !top) continue;
      // evicting or escaping in its own file already settles it (more references cannot undo either):
      // only then is the search through importing files (the expensive part) skipped
      const local = classifyUsage(referencesOfName(decl.name, ctx.checker), decl.name.text);
      if (local.evicts || local.escapes) continue;
      const refs = referencesOfName(decl.name, ctx.checker, ctx.project);
      check(ctx, { decl, name: decl.name.text, kind, initializer: decl.initializer, where, refs, topStatement: top, annotated: !!decl.type });
    }
    for (const node of ctx.nodes(ts.SyntaxKind.PropertyDeclaration)) {
      const prop = node as ts.PropertyDeclaration;
      const c = fieldCandidate(prop, sf);
      if (!c) continue;
      check(ctx, { ...c, refs: fieldReferences(prop, prop.name as ts.Identifier, ctx) });
    }
    for (const node of ctx.nodes(ts.SyntaxKind.ExpressionStatement)) {
      const c = globalCandidate(node as ts.ExpressionStatement, sf);
      if (!c) continue;
      const refs: ts.Expression[] = [];
      const declTarget = skipOuter((skipOuter((c.decl as ts.ExpressionStatement).expression) as ts.BinaryExpression).left);
      walk(sf, (n) => {
        if (ts.isPropertyAccessExpression(n) && n !== declTarget) {
          const d = dottedName(n);
          if (d && d.replace(/^global\./, 'globalThis.') === c.name.replace(/^global\./, 'globalThis.')) refs.push(n);
        }
      });
      check(ctx, { ...c, refs });
    }
  },
};
