/**
 * How long does a freshly created connection/pool/client/agent live? Follows the created value to
 * where it goes — a local variable used and dropped (per call), a module/outer variable, `this`
 * field, Map or global (kept: singleton, lazy singleton, per-tenant cache, DI), a `return` (a factory:
 * judged by its call sites), a long-lived LISTEN/subscribe — and classifies the function it runs in
 * (request handler, startup function, DI factory, run-once script function).
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, enclosingFunction, isFunctionLike, rootIdentifier, skipOuter, type FunctionLike } from './syntax';
import { enclosingLoops, type LoopLike } from './loops';
import { bindingNames, referencesAny } from './per-item-flow';

export type Lifetime =
  | { kind: 'per-iteration'; loop: LoopLike }
  | { kind: 'per-request'; fn: FunctionLike }
  | { kind: 'per-call'; fn: FunctionLike }
  | { kind: 'factory-per-request'; fn: FunctionLike; callSite: ts.CallExpression };

/** Where the created value ends up. */
type Destination =
  | { kind: 'kept' }
  | { kind: 'returned' }
  | { kind: 'local'; name?: ts.Identifier }
  | { kind: 'module' };

const WRAPPING_CALL = /^(create\w*|extend|drizzle|wrap\w*|with\w*|make\w*|build\w*|promisify|Kysely|PrismaPg|PrismaAdapter)$/;
const STORING_CALL = new Set(['set', 'push', 'unshift', 'add', 'register', 'use', 'provide', 'decorate', 'listen']);
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head']);
const NEXT_HANDLERS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'getServerSideProps', 'handler', 'middleware', 'loader', 'action']);
const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'Query', 'Mutation', 'ResolveField', 'Subscription', 'Process', 'Cron']);
const PER_EVENT = new Set(['request', 'message', 'connection', 'data', 'job', 'upgrade']);
const STARTUP_NAME = /^(main|bootstrap|start\w*|init\w*|setup\w*|configure\w*|connect\w*|create(App|Server|Application|Pool|Client|Db|Database|Connection)\w*|build(App|Server)\w*|run|runMigrations?|migrate\w*|seed\w*|onModuleInit|onApplicationBootstrap|register|plugin|global[Ss]etup)$/;

export function lifetimeOf(creation: ts.Expression): Lifetime | undefined {
  const dest = destinationOf(creation);
  if (dest.kind === 'kept' || dest.kind === 'module') {
    // kept in a Map/outer variable: only a loop that stores one per item at module level is fine too
    return undefined;
  }
  // a Promise executor or `.then` callback runs within its caller: look through it
  const anchor = transparentAnchor(creation);
  const fn = enclosingFunction(anchor);
  const inner = enclosingLoops(creation);
  const loops = inner.length > 0 ? inner : enclosingLoops(anchor);
  if (loops.length > 0) {
    if (dest.kind === 'local' && dest.name && isLongLivedUse(dest.name, fn)) return undefined;
    if (dest.kind === 'returned') return undefined;
    // one connection per distinct target (per-tenant migration script) is not a missing pool, outside request handlers
    if (argsDependOnLoopItem(creation, loops[0]!) && !(fn && handlerAround(fn))) return undefined;
    return { kind: 'per-iteration', loop: loops[0]! };
  }
  if (!fn) return undefined;
  if (dest.kind === 'returned') {
    const site = perRequestCallSite(fn);
    return site ? { kind: 'factory-per-request', fn, callSite: site } : undefined;
  }
  if (dest.kind === 'local' && dest.name && isLongLivedUse(dest.name, fn)) return undefined;
  const handler = handlerAround(fn);
  if (handler) return { kind: 'per-request', fn: handler };
  if (runsOnce(fn)) return undefined;
  return { kind: 'per-call', fn };
}

function transparentAnchor(node: ts.Node): ts.Node {
  let anchor = node;
  for (let fn = enclosingFunction(anchor); fn && isTransparentCallback(fn); fn = enclosingFunction(anchor)) anchor = fn.parent!;
  return anchor;
}

function isTransparentCallback(fn: FunctionLike): boolean {
  const p = fn.parent;
  if (!p) return false;
  if (ts.isNewExpression(p)) return ts.isIdentifier(p.expression) && p.expression.text === 'Promise' && p.arguments?.[0] === fn;
  return ts.isCallExpression(p) && p.arguments.includes(fn as ts.Expression) && /^(then|catch|finally)$/.test(calleeName(p) ?? '');
}

/** Follow the value up through wrappers to the statement that decides its fate. */
function destinationOf(creation: ts.Expression): Destination {
  let node: ts.Node = creation;
  for (let guard = 0; guard < 30; guard++) {
    const parent = node.parent;
    if (!parent) return { kind: 'local' };
    if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent) || ts.isConditionalExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent)) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
        node = parent;
        continue;
      }
      if (parent.right === node && isAssignment(op)) return assignmentDestination(parent.left, creation);
      return { kind: 'local' };
    }
    // new Client().connect() / client.db('x'): the derived value shares the lifetime
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      const call = parent.parent;
      if (call && ts.isCallExpression(call) && call.expression === parent) {
        node = call;
        continue;
      }
      return { kind: 'local' };
    }
    if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isObjectLiteralExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) {
      // `useFactory: () => new Redis()` is handled at the function; `{ client: new Pool() }` wraps the value
      node = parent;
      continue;
    }
    if (ts.isNewExpression(parent) && parent.arguments?.includes(node as ts.Expression)) {
      node = parent;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      const name = calleeName(parent) ?? '';
      if (STORING_CALL.has(name)) {
        const root = calleeReceiver(parent) && rootIdentifier(calleeReceiver(parent)!);
        return root && isLocalTo(root, enclosingFunction(parent)) ? { kind: 'local' } : { kind: 'kept' };
      }
      if (WRAPPING_CALL.test(name)) {
        node = parent;
        continue;
      }
      return { kind: 'local' }; // used by a call (fetch(url, { agent })): lives as long as this call
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      if (!ts.isIdentifier(parent.name)) return { kind: 'local' };
      if (!enclosingFunction(parent)) return { kind: 'module' };
      return { kind: 'local', name: parent.name };
    }
    if (ts.isReturnStatement(parent)) return { kind: 'returned' };
    if (ts.isArrowFunction(parent) && parent.body === node) return { kind: 'returned' };
    if (ts.isPropertyDeclaration(parent)) return { kind: 'kept' }; // class field initializer
    if (ts.isExportAssignment(parent)) return { kind: 'module' };
    return { kind: 'local' };
  }
  return { kind: 'local' };
}

function isAssignment(op: ts.SyntaxKind): boolean {
  return op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken;
}

function assignmentDestination(left: ts.Expression, creation: ts.Node): Destination {
  const target = skipOuter(left);
  if (ts.isIdentifier(target)) {
    const fn = enclosingFunction(creation);
    if (!fn || !isLocalTo(target, fn)) return { kind: 'kept' }; // outer/module variable: a (lazy) singleton
    return { kind: 'local', name: target };
  }
  // this.pool = …, cache[tenant] = …, globalThis.prisma = …, module.exports.pool = …
  const root = rootIdentifier(target);
  if (root && enclosingFunction(creation) && isLocalTo(root, enclosingFunction(creation)!)) return { kind: 'local' };
  return { kind: 'kept' };
}

/** Is `id` declared inside `fn` (parameter or local)? Text-based scope check, enough for these shapes. */
function isLocalTo(id: ts.Identifier, fn: FunctionLike | undefined): boolean {
  if (!fn) return false;
  for (const p of fn.parameters) if (bindingNames(p.name).has(id.text)) return true;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(n) && bindingNames(n.name).has(id.text)) found = true;
    else if (ts.isFunctionDeclaration(n) && n !== fn) return;
    ts.forEachChild(n, visit);
  };
  if (fn.body) visit(fn.body);
  return found;
}

/**
 * Uses of a local that make it long-lived or shared: stored outside, returned (a factory), captured
 * by a callback that outlives the call (route handlers registered in a setup function), or kept open
 * on purpose (LISTEN/NOTIFY, pub/sub).
 */
function isLongLivedUse(name: ts.Identifier, fn: FunctionLike | undefined): boolean {
  const scope = fn?.body ?? name.getSourceFile();
  let longLived = false;
  const visit = (n: ts.Node, nested: FunctionLike | undefined): void => {
    if (longLived) return;
    if (ts.isIdentifier(n) && n.text === name.text && n !== name) {
      if (usageKeepsAlive(n, nested)) longLived = true;
      return;
    }
    const inner = isFunctionLike(n) && !isShortCallback(n) ? n : nested;
    ts.forEachChild(n, (c) => visit(c, inner));
  };
  visit(scope, undefined);
  return longLived;
}

/** Callbacks that run within the call: per-item, promise chains, node-style callbacks of a method. */
function isShortCallback(fn: FunctionLike): boolean {
  const p = fn.parent;
  if (!p) return false;
  if (ts.isCallExpression(p) && p.arguments.includes(fn as ts.Expression)) {
    const name = calleeName(p) ?? '';
    return /^(then|catch|finally|map|forEach|filter|reduce|flatMap|some|every|find|query|execute|all|allSettled|transaction|\$transaction)$/.test(name);
  }
  return ts.isNewExpression(p); // new Promise((resolve) => …)
}

function usageKeepsAlive(ref: ts.Node, insideCallback: FunctionLike | undefined): boolean {
  if (insideCallback) return true; // captured by a longer-lived function (a handler registered here, a returned API)
  let node: ts.Node = ref;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent))) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node)) return true;
  if (ts.isBinaryExpression(parent) && parent.right === node && isAssignment(parent.operatorToken.kind)) return true;
  if (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent)) return optionsObjectKeepsAlive(parent.parent);
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression) && STORING_CALL.has(calleeName(parent) ?? '')) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const call = parent.parent;
    const method = parent.name.text;
    if (call && ts.isCallExpression(call)) {
      if (/^(subscribe|pSubscribe|psubscribe|watch)$/.test(method)) return true;
      if (method === 'on' && call.arguments[0] && ts.isStringLiteralLike(call.arguments[0]) && /^(notification|message|pmessage)$/.test(call.arguments[0].text)) return true;
      const first = call.arguments[0];
      if (/^(query|execute)$/.test(method) && first && ts.isStringLiteralLike(first) && /^\s*LISTEN\b/i.test(first.text)) return true;
      // client.db('x') returned or stored: follow one level
      if (/^(db|collection|model)$/.test(method)) return usageKeepsAlive(call, undefined);
    }
  }
  return false;
}

/** Calls that use an agent/dispatcher for one request and keep nothing: `http.get({ agent })`, `fetch(url, { dispatcher })`. */
const REQUEST_CALL = /^(request|get|post|put|patch|delete|head|options|fetch|stream|pipeline|dispatch|connect)$/;

/**
 * `{ agent }` / `{ client: pool }`: an object holding the value keeps it alive when the object is
 * returned, stored or handed to a wrapper that outlives the call; handed to one request it lives as
 * long as that request.
 */
function optionsObjectKeepsAlive(obj: ts.ObjectLiteralExpression): boolean {
  let node: ts.Node = obj;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(node as ts.Expression)) return true; // exported/returned/assigned object
  const name = calleeName(call) ?? '';
  if (STORING_CALL.has(name)) return true;
  if (REQUEST_CALL.test(name)) return false;
  return usageKeepsAlive(call, undefined);
}

/** The request handler this function is, or runs inside. */
export function handlerAround(fn: FunctionLike): FunctionLike | undefined {
  for (let cur: FunctionLike | undefined = fn; cur; cur = enclosingFunction(cur)) {
    if (isRequestHandler(cur)) return cur;
  }
  return undefined;
}

export function isRequestHandler(fn: FunctionLike): boolean {
  const parent = fn.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(fn as ts.Expression)) {
    const name = calleeName(parent) ?? '';
    const receiver = calleeReceiver(parent);
    const first = parent.arguments[0];
    if (HTTP_VERBS.has(name) && receiver) {
      const recvName = rootIdentifier(receiver)?.text ?? '';
      if ((first && ts.isStringLiteralLike(first) && first.text.startsWith('/')) || /app|router|route|server|fastify|api/i.test(recvName)) return true;
    }
    if (name === 'createServer') return true;
    if (name === 'on' && first && ts.isStringLiteralLike(first) && PER_EVENT.has(first.text)) return true;
    if (name === 'process' && receiver) return true; // bull queue workers: per job
  }
  if (parent && ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === 'Worker' && parent.arguments?.[1] === fn) return true;
  // fastify.route({ handler }) / { preHandler }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name) && /^(handler|preHandler|resolve)$/.test(parent.name.text)) return true;
  // Next.js route handlers, pages/api default handlers, serverless `handler`
  const name = functionName(fn);
  if (name && NEXT_HANDLERS.has(name) && isExported(fn)) return true;
  if (isDefaultExport(fn) && fn.parameters.length >= 1 && /(^|\/)(api|pages\/api|routes?)\//.test(fn.getSourceFile().fileName)) return true;
  // NestJS controllers/resolvers/processors
  if (ts.isMethodDeclaration(fn)) {
    for (const d of ts.getDecorators(fn) ?? []) {
      const e = d.expression;
      const id = ts.isCallExpression(e) ? e.expression : e;
      if (ts.isIdentifier(id) && NEST_ROUTE_DECORATORS.has(id.text)) return true;
    }
  }
  return false;
}

export function functionName(fn: FunctionLike): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const p = fn.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isBinaryExpression(p) && ts.isPropertyAccessExpression(p.left)) return p.left.name.text; // exports.handler = …
  return undefined;
}

function isExported(fn: FunctionLike): boolean {
  const name = functionName(fn);
  if (name && !ts.isMethodDeclaration(fn) && exportedByName(fn.getSourceFile(), name)) return true;
  const holder = ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : fn;
  if (holder && ts.canHaveModifiers(holder) && ts.getModifiers(holder)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  const p = fn.parent;
  if (p && ts.isBinaryExpression(p)) {
    const left = p.left.getText();
    return /^(module\.)?exports\./.test(left);
  }
  return false;
}

/** `module.exports = { name }`, `exports.x = name`, `module.exports = name`, `export { name }`. */
function exportedByName(sf: ts.SourceFile, name: string): boolean {
  const text = sf.text;
  if (!text.includes(name)) return false;
  const n = name.replace(/[$]/g, '\\$');
  return (
    new RegExp(`module\\.exports\\s*=\\s*\\{[^}]*\\b${n}\\b`).test(text) ||
    new RegExp(`(module\\.)?exports(\\.\\w+)?\\s*=\\s*${n}\\s*;?\\s*$`, 'm').test(text) ||
    new RegExp(`export\\s*\\{[^}]*\\b${n}\\b`).test(text)
  );
}

function isDefaultExport(fn: FunctionLike): boolean {
  if (ts.isFunctionDeclaration(fn)) return !!ts.getModifiers(fn)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  return !!fn.parent && ts.isExportAssignment(fn.parent);
}

/** Startup/initialisation functions, DI factories, and functions only called at module top level. */
function runsOnce(fn: FunctionLike): boolean {
  const name = functionName(fn);
  if (name && STARTUP_NAME.test(name)) return true;
  if (ts.isConstructorDeclaration(fn)) return true;
  const p = fn.parent;
  if (p && ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && /^use(Factory|Value)$/.test(p.name.text)) return true;
  // (async () => { … })() at top level, or a listen/startup callback
  if (p && ts.isParenthesizedExpression(p) && p.parent && ts.isCallExpression(p.parent) && !enclosingFunction(p.parent)) return true;
  if (p && ts.isCallExpression(p) && /^(listen|once|beforeAll|before|setup|action|command)$/.test(calleeName(p) ?? '')) return true;
  if (isAnonymousCallback(fn)) return true; // an unknown callback: not provably per call
  if (!name || isExported(fn) || ts.isMethodDeclaration(fn)) return false;
  const sites = callSitesOf(fn, name);
  return sites.length === 0 || sites.every((s) => !enclosingFunction(s) || runsOnceCaller(s));
}

function runsOnceCaller(site: ts.CallExpression): boolean {
  const caller = enclosingFunction(site);
  if (!caller) return true;
  const name = functionName(caller);
  return !!name && STARTUP_NAME.test(name) && enclosingLoops(site).length === 0;
}

function isAnonymousCallback(fn: FunctionLike): boolean {
  const p = fn.parent;
  return !!p && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && (ts.isCallExpression(p) || ts.isNewExpression(p));
}

/** Same-file calls of a function by name (`f(…)`, `this.f(…)`). */
function callSitesOf(fn: FunctionLike, name: string): ts.CallExpression[] {
  const sites: ts.CallExpression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n)) {
      const callee = skipOuter(n.expression);
      if ((ts.isIdentifier(callee) && callee.text === name) || (ts.isPropertyAccessExpression(callee) && callee.name.text === name && callee.expression.kind === ts.SyntaxKind.ThisKeyword)) {
        if (!(n.pos >= fn.pos && n.end <= fn.end)) sites.push(n);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(fn.getSourceFile());
  return sites;
}

/** A same-file call of factory `fn` from a loop or a request handler. */
function perRequestCallSite(fn: FunctionLike): ts.CallExpression | undefined {
  const name = functionName(fn);
  if (!name || STARTUP_NAME.test(name)) return undefined;
  for (const site of callSitesOf(fn, name)) {
    if (isStoredResult(site)) continue;
    const caller = enclosingFunction(site);
    if (enclosingLoops(site).length > 0 && caller && !runsOnce(caller)) return site;
    if (caller && handlerAround(caller)) return site;
  }
  return undefined;
}

/** `pool ??= createPool()` / `cache.set(k, createPool())`: the factory's result is kept. */
function isStoredResult(site: ts.CallExpression): boolean {
  const d = destinationOf(site);
  return d.kind === 'kept' || d.kind === 'module';
}

function argsDependOnLoopItem(creation: ts.Expression, loop: LoopLike): boolean {
  const args = ts.isNewExpression(creation) || ts.isCallExpression(creation) ? creation.arguments ?? [] : [];
  let names: Set<string> | undefined;
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) names = bindingNames(loop.initializer);
  else if (ts.isCallExpression(loop)) {
    const cb = loop.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as ts.ArrowFunction | undefined;
    names = new Set(cb?.parameters.flatMap((p) => [...bindingNames(p.name)]) ?? []);
  }
  return !!names && args.some((a) => referencesAny(a, names!));
}
