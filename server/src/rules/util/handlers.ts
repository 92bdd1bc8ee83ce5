/**
 * Is this function code that serves requests or events in a long-running process? A request
 * handler, middleware, socket or queue handler is recognised by how it is registered (Express /
 * Koa / Fastify / Hapi / Hono routers, `http.createServer`, socket `.on`, queue `process`/`Worker`),
 * by decorators (NestJS), or by file conventions (Next.js route handlers, pages/api). A helper is
 * serving code when a handler calls it, also through other helpers and across files.
 * Everything here walks compiler nodes; the checker is asked only for symbol identity.
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, dottedName, enclosingFunction, isAsyncFunction, isFunctionLike, skipOuter, walk, type FunctionLike } from './syntax';
import { symbolAt } from './dataflow';
import { resolveOrigin } from './imports';

export type HandlerKind =
  | 'route handler'
  | 'middleware'
  | 'http server handler'
  | 'socket handler'
  | 'queue handler'
  | 'NestJS handler'
  | 'Next.js route handler'
  | 'Next.js API route'
  | 'serverless handler'
  | 'GraphQL resolver';

export interface HandlerRole {
  kind: HandlerKind;
  /** the registration call, decorator or export that makes it a handler */
  site: ts.Node;
}

const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'head', 'options', 'use', 'param']);
const SERVER_MODULES = new Set(['express', 'koa', '@koa/router', 'koa-router', 'fastify', 'hono', 'connect', 'polka', 'restify', '@hapi/hapi', 'router']);
const NEST_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Sse', 'MessagePattern', 'EventPattern', 'SubscribeMessage',
  'Process', 'Query', 'Mutation', 'Subscription', 'ResolveField', 'GrpcMethod', 'OnEvent',
]);
const NEST_LIFECYCLE_METHODS = new Set(['use', 'canActivate', 'intercept', 'catch']);
const NEXT_ROUTE_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const SOCKET_EVENTS = new Set(['connection', 'message', 'request', 'upgrade']);
const EXIT_EVENTS = new Set(['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2', 'uncaughtException', 'unhandledRejection']);
const HANDLER_PROPERTIES = new Set(['handler', 'preHandler', 'onRequest', 'preValidation', 'preSerialization', 'onSend', 'eachMessage', 'eachBatch', 'handleMessage', 'handleMessageBatch']);
const QUEUE_WORKER_MODULES = new Set(['bullmq', 'bull', 'bee-queue', 'pg-boss', 'agenda']);

function isPathLike(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  const e = skipOuter(expr);
  if (ts.isStringLiteralLike(e)) return e.text.startsWith('/') || e.text === '*';
  if (ts.isTemplateExpression(e)) return e.head.text.startsWith('/');
  if (ts.isRegularExpressionLiteral(e)) return true;
  if (ts.isArrayLiteralExpression(e)) return e.elements.length > 0 && e.elements.every((x) => isPathLike(x));
  return false;
}

function paramNames(fn: FunctionLike): string[] {
  return fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
}

/** `(req, res)`, `(req, res, next)`, `(request, reply)`, `(ctx, next)`, `(err, req, res, next)`. */
function looksLikeHandlerSignature(fn: FunctionLike): boolean {
  const names = paramNames(fn);
  const [a, b] = names;
  if ((a === 'req' || a === 'request') && (b === 'res' || b === 'response' || b === 'reply')) return true;
  if ((a === 'ctx' || a === 'context') && (b === undefined || b === 'next')) return names.length <= 2 && a === 'ctx';
  if (a === 'err' && (b === 'req' || b === 'request')) return true;
  return false;
}

/** Does the receiver come from a server framework (`express()`, `Router()`, `new Koa()`, `fastify()`)? */
function receiverIsServer(recv: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (!recv) return false;
  let e = skipOuter(recv);
  // router.route('/x').get(fn)
  if (ts.isCallExpression(e) && calleeName(e) === 'route' && isPathLike(e.arguments[0])) return true;
  if (ts.isIdentifier(e)) {
    const s = symbolAt(e, checker);
    const decl = s?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) e = skipOuter(decl.initializer);
    else {
      const origin = resolveOrigin(e, checker);
      return !!origin && SERVER_MODULES.has(origin.module);
    }
  }
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
    const origin = resolveOrigin(e.expression, checker);
    return !!origin && SERVER_MODULES.has(origin.module);
  }
  return false;
}

function isProcessReceiver(recv: ts.Expression | undefined): boolean {
  return !!recv && dottedName(recv) === 'process';
}

/** The first parameter of a `.on('connection', (socket) => …)` callback: every `.on` on it is a socket handler. */
function isConnectionSocket(recv: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (!recv) return false;
  const e = skipOuter(recv);
  if (!ts.isIdentifier(e)) return false;
  const decl = symbolAt(e, checker)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl)) return false;
  const fn = decl.parent;
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || calleeName(call) !== 'on') return false;
  const ev = call.arguments[0];
  return !!ev && ts.isStringLiteralLike(ev) && ev.text === 'connection';
}

/** What registering `fn` as argument `argIndex` of `call` makes of it, if anything. */
export function registrationRole(call: ts.CallExpression | ts.NewExpression, fn: ts.Node, checker: ts.TypeChecker): HandlerRole | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const args = call.arguments ?? ts.factory.createNodeArray();
  const recv = ts.isCallExpression(call) ? calleeReceiver(call) : undefined;
  const fnLike = isFunctionLike(fn) ? fn : undefined;
  if (ts.isNewExpression(call)) {
    // new Worker('emails', async (job) => …) from bullmq
    const origin = resolveOrigin(call.expression, checker);
    if (origin && QUEUE_WORKER_MODULES.has(origin.module) && name === 'Worker') return { kind: 'queue handler', site: call };
    return undefined;
  }
  if (HTTP_VERBS.has(name) && recv && !isProcessReceiver(recv)) {
    if (isPathLike(args[0]) || receiverIsServer(recv, checker) || (fnLike && looksLikeHandlerSignature(fnLike))) {
      return { kind: name === 'use' || name === 'param' ? 'middleware' : 'route handler', site: call };
    }
  }
  if (name === 'addHook' && recv) return { kind: 'middleware', site: call };
  if ((name === 'createServer' || name === 'createSecureServer') && args.length > 0) return { kind: 'http server handler', site: call };
  if ((name === 'on' || name === 'once' || name === 'addListener') && recv && !isProcessReceiver(recv)) {
    const ev = args[0];
    if (ev && ts.isStringLiteralLike(ev) && (SOCKET_EVENTS.has(ev.text) || isConnectionSocket(recv, checker))) {
      return { kind: ev.text === 'request' ? 'http server handler' : 'socket handler', site: call };
    }
  }
  if (name === 'process' && recv && !isProcessReceiver(recv)) return { kind: 'queue handler', site: call };
  if ((name === 'consume' || name === 'subscribe' || name === 'define' || name === 'work') && recv && args.length >= 2) {
    const origin = resolveOrigin(recv, checker);
    if (name === 'consume' || (origin && QUEUE_WORKER_MODULES.has(origin.module))) return { kind: 'queue handler', site: call };
  }
  return undefined;
}

/** Fastify/Hapi `route({ handler })`, kafkajs `run({ eachMessage })`, sqs-consumer `{ handleMessage }`, GraphQL `{ Query: { … } }`. */
function objectPropertyRole(fn: ts.Node): HandlerRole | undefined {
  const prop = fn.parent;
  if (!prop || !(ts.isPropertyAssignment(prop) || ts.isMethodDeclaration(prop) || ts.isShorthandPropertyAssignment(prop))) return undefined;
  const obj = prop.parent;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
  const key = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
  const holder = obj.parent;
  if (holder && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name) && /^(Query|Mutation|Subscription)$/.test(holder.name.text)) {
    return { kind: 'GraphQL resolver', site: holder };
  }
  if (key && HANDLER_PROPERTIES.has(key) && holder && ts.isCallExpression(holder)) {
    const kind: HandlerKind = key.startsWith('each') || key.startsWith('handleMessage') ? 'queue handler' : key === 'handler' ? 'route handler' : 'middleware';
    return { kind, site: holder };
  }
  return undefined;
}

function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefaultModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/** The exported name a top-level function is known by (`export function GET`, `export const GET = …`, `export default`). */
function exportedNameOf(fn: FunctionLike): string | undefined {
  if (ts.isFunctionDeclaration(fn) && ts.isSourceFile(fn.parent)) {
    if (hasDefaultModifier(fn)) return 'default';
    if (hasExportModifier(fn)) return fn.name?.text;
  }
  const decl = fn.parent;
  if (decl && ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name)) {
    const stmt = decl.parent?.parent;
    if (stmt && ts.isVariableStatement(stmt) && ts.isSourceFile(stmt.parent) && hasExportModifier(stmt)) return decl.name.text;
  }
  if (decl && ts.isExportAssignment(decl)) return 'default';
  // exports.handler = …, module.exports.handler = …
  if (decl && ts.isBinaryExpression(decl) && decl.right === fn) {
    const left = dottedName(decl.left);
    const m = left && /^(?:module\.)?exports\.(\w+)$/.exec(left);
    if (m) return m[1];
    if (left === 'module.exports') return 'default';
  }
  return undefined;
}

function nextJsRole(fn: FunctionLike, fileName: string): HandlerRole | undefined {
  const exported = exportedNameOf(fn);
  if (!exported) return undefined;
  const path = fileName.replace(/\\/g, '/');
  if (/\/app\/(?:.*\/)?route\.[cm]?[jt]sx?$/.test(path) && NEXT_ROUTE_EXPORTS.has(exported)) return { kind: 'Next.js route handler', site: fn };
  if (/\/pages\/api\//.test(path) && exported === 'default') return { kind: 'Next.js API route', site: fn };
  if (/\/pages\//.test(path) && exported === 'getServerSideProps') return { kind: 'Next.js API route', site: fn };
  if (/(?:^|\/)middleware\.[cm]?[jt]s$/.test(path) && (exported === 'middleware' || exported === 'default')) return { kind: 'middleware', site: fn };
  if (exported === 'handler' && fn.parameters.length >= 1 && /^(event|req|request)$/.test(paramNames(fn)[0] ?? '')) return { kind: 'serverless handler', site: fn };
  return undefined;
}

function decoratorNames(node: ts.Node): string[] {
  if (!ts.canHaveDecorators(node)) return [];
  return (ts.getDecorators(node) ?? []).map((d) => {
    const e = d.expression;
    const callee = ts.isCallExpression(e) ? e.expression : e;
    return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  });
}

function nestRole(fn: FunctionLike): HandlerRole | undefined {
  if (!ts.isMethodDeclaration(fn)) return undefined;
  if (decoratorNames(fn).some((d) => NEST_DECORATORS.has(d))) return { kind: 'NestJS handler', site: fn };
  const cls = fn.parent;
  if (ts.isClassDeclaration(cls) && ts.isIdentifier(fn.name) && NEST_LIFECYCLE_METHODS.has(fn.name.text)) {
    const implementsNest = cls.heritageClauses?.some((h) => h.types.some((t) => /^(NestMiddleware|CanActivate|NestInterceptor|ExceptionFilter)$/.test(t.expression.getText())));
    if (implementsNest) return { kind: fn.name.text === 'use' ? 'middleware' : 'NestJS handler', site: fn };
  }
  return undefined;
}

/** The handler role of a function from its own position (inline registration, decorator, file convention). */
export function directRoleOf(fn: FunctionLike, checker: ts.TypeChecker): HandlerRole | undefined {
  const parent = fn.parent;
  if (parent && (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(fn as ts.Expression)) {
    const role = registrationRole(parent, fn, checker);
    if (role) return role;
  }
  return objectPropertyRole(fn) ?? nestRole(fn) ?? nextJsRole(fn, fn.getSourceFile().fileName);
}

/** Is `fn` a callback of `process.on('exit' | 'SIGTERM' | …)`? Blocking there is the point. */
export function isExitHandler(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call)) return false;
  const name = calleeName(call);
  const recv = calleeReceiver(call);
  const ev = call.arguments[0];
  return (name === 'on' || name === 'once' || name === 'addListener') && isProcessReceiver(recv) && !!ev && ts.isStringLiteralLike(ev) && EXIT_EVENTS.has(ev.text);
}

/** Files that run as tools, not servers: shebang, bin/, scripts/, build configs, tests. */
export function isScriptOrConfigFile(fileName: string, text: string): boolean {
  if (text.startsWith('#!')) return true;
  const p = fileName.replace(/\\/g, '/');
  if (/(?:^|\/)(?:bin|cli|scripts?|tools|build|migrations|seeds?|cypress|e2e|__tests__|__mocks__|fixtures)\//.test(p)) return true;
  if (/(?:^|\/)(?:test|tests|spec)\//.test(p)) return true;
  if (/\.(?:config|conf|rc)\.[cm]?[jt]sx?$/.test(p) || /(?:^|\/)(?:gulpfile|gruntfile|jakefile|webpack\.[\w.]+|rollup\.[\w.]+)\.[cm]?[jt]s$/i.test(p)) return true;
  if (/\.(?:test|spec|e2e|bench)\.[cm]?[jt]sx?$/.test(p)) return true;
  return false;
}

export { isAsyncFunction, enclosingFunction, walk };
