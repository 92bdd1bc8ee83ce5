/**
 * Does this code run while a server is serving? A function is serving code when it is a handler
 * (see handlers.ts), an async function that is not startup-only, a callback inside serving code,
 * or a helper that serving code calls (through other helpers, across files, bounded depth).
 */
import { ts, type Project } from 'ts-morph';
import { calleeName, enclosingFunction, isAsyncFunction, isFunctionLike, type FunctionLike } from './syntax';
import { directRoleOf, isExitHandler, isScriptOrConfigFile, registrationRole, type HandlerRole } from './handlers';
import { functionNameNode, usagesOf } from './callers';

export interface ServingReach {
  /** the handler at the top of the chain, when there is one */
  role?: HandlerRole;
  /** the function where serving starts (the handler or the async function) */
  entry: FunctionLike;
  /** call sites from the entry down to the function asked about (empty when it is the entry) */
  path: ts.CallExpression[];
}

export interface ReachOptions {
  checker: ts.TypeChecker;
  /** for callers in other files */
  project?: Project;
  /** count any async function (that is not startup-only) as serving code */
  countAsync: boolean;
  /** call sites that do not make the caller's context count (e.g. memoised once-only calls) */
  skipCall?: (call: ts.CallExpression) => boolean;
}

const MAX_DEPTH = 5;
const cache = new WeakMap<ts.TypeChecker, Map<string, Map<ts.Node, ServingReach | null>>>();

function cacheFor(opts: ReachOptions): Map<ts.Node, ServingReach | null> {
  let byChecker = cache.get(opts.checker);
  if (!byChecker) cache.set(opts.checker, (byChecker = new Map()));
  const key = `${opts.countAsync}:${opts.skipCall ? 'skip' : ''}`;
  let m = byChecker.get(key);
  if (!m) byChecker.set(key, (m = new Map()));
  return m;
}

/** Serving reach of `fn`, or undefined when it only runs at startup, in exit handlers, or never from serving code. */
export function servingReach(fn: FunctionLike, opts: ReachOptions): ServingReach | undefined {
  const memo = cacheFor(opts);
  const hit = memo.get(fn);
  if (hit !== undefined) return hit ?? undefined;
  const r = reach(fn, opts, 0, new Set());
  memo.set(fn, r ?? null);
  return r;
}

function isInlineCallback(fn: FunctionLike): ts.CallExpression | ts.NewExpression | undefined {
  const p = fn.parent;
  if (p && (ts.isCallExpression(p) || ts.isNewExpression(p)) && p.arguments?.includes(fn as ts.Expression)) return p;
  return undefined;
}

function isIife(fn: FunctionLike): boolean {
  let e: ts.Node = fn;
  while (e.parent && ts.isParenthesizedExpression(e.parent)) e = e.parent;
  return !!e.parent && ts.isCallExpression(e.parent) && e.parent.expression === e;
}

function reach(fn: FunctionLike, opts: ReachOptions, depth: number, visited: Set<ts.Node>): ServingReach | undefined {
  if (depth > MAX_DEPTH || visited.has(fn)) return undefined;
  visited.add(fn);
  const role = directRoleOf(fn, opts.checker);
  if (role) return { role, entry: fn, path: [] };
  if (isExitHandler(fn)) return undefined;
  const named = functionNameNode(fn);
  if (!named && (isInlineCallback(fn) || isIife(fn))) {
    // A callback runs where its caller runs: inherit from the enclosing function.
    const outer = enclosingFunction(fn);
    if (outer) return reach(outer, opts, depth, visited);
    // a top-level async callback serves when it recurs (timers, event listeners), not for `listen(…, cb)`, `then(cb)`
    const host = isInlineCallback(fn);
    const recurring = !!host && /^(setInterval|on|addListener|subscribe)$/.test(calleeName(host) ?? '');
    if (opts.countAsync && isAsyncFunction(fn) && recurring) return { entry: fn, path: [] };
    return undefined;
  }
  if (!named) {
    const outer = enclosingFunction(fn);
    return outer ? reach(outer, opts, depth, visited) : undefined;
  }
  const usages = usagesOf(fn, opts.checker, opts.project);
  for (const u of usages) {
    if (u.passedTo) {
      const asHandler = registrationRole(u.passedTo, u.ref, opts.checker);
      if (asHandler) return { role: asHandler, entry: fn, path: [] };
    }
  }
  // Not a handler itself: serving when an async function (not startup-only) or called from serving code.
  for (const u of usages) {
    const site = u.call ?? u.passedTo;
    if (!site) continue;
    if (u.call && opts.skipCall?.(u.call)) continue;
    const usageFile = site.getSourceFile();
    if (usageFile !== fn.getSourceFile() && isScriptOrConfigFile(usageFile.fileName, usageFile.text)) continue;
    const caller = enclosingFunction(site);
    if (!caller) continue;
    const up = reach(caller, opts, depth + 1, visited);
    if (up) return { ...up, path: u.call ? [...up.path, u.call] : up.path };
  }
  if (opts.countAsync && isAsyncFunction(fn)) {
    const inServerFiles = usages.filter((u) => {
      const f = u.ref.getSourceFile();
      return f === fn.getSourceFile() || !isScriptOrConfigFile(f.fileName, f.text);
    });
    const startupOnly = usages.length > 0 && inServerFiles.every((u) => (u.call || u.passedTo) && !enclosingFunction(u.call ?? u.passedTo!));
    if (!startupOnly && !looksLikeStartup(fn)) return { entry: fn, path: [] };
  }
  return undefined;
}

const STARTUP_NAMES = /^(main|bootstrap|boot|start|startServer|startup|init|initialize|setup|run|cli)$/;

/** `async function main() { … app.listen(…) }`: a bootstrap function, run once. */
function looksLikeStartup(fn: FunctionLike): boolean {
  const name = functionNameNode(fn)?.text;
  if (name && STARTUP_NAMES.test(name)) return true;
  let listens = false;
  const body = fn.body;
  if (!body) return false;
  const stack: ts.Node[] = [body];
  while (stack.length && !listens) {
    const n = stack.pop()!;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'listen') listens = true;
    if (!isFunctionLike(n) || n === body) ts.forEachChild(n, (c) => void stack.push(c));
  }
  return listens;
}

/** A short description for messages: "the Express route handler", "async function `sync`". */
export function describeReach(r: ServingReach): string {
  const entryName = functionNameNode(r.entry)?.text;
  const base = r.role ? `a ${r.role.kind}` : `async function ${entryName ? `\`${entryName}\`` : ''}`.trim();
  return base;
}
