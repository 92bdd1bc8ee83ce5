/**
 * Is this call one DB/ORM/cache/HTTP round trip, and what would the batched form be?
 * Receivers are identified by origin and type (data-layer-instances.ts); method names alone are used
 * only for ORM methods distinctive enough to stand on their own, and only when the receiver is unknown.
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, dottedName, skipOuter } from './syntax';
import { resolveOrigin } from './imports';
import { instanceOf } from './data-layer-instances';
import {
  DISTINCTIVE_ORM_METHODS,
  LOOKUP_METHOD_NAMES,
  isRedisMethodName,
  type Instance,
  type Library,
  type LookupKind,
  ormMethodInfo,
  redisMethodInfo,
  sqlBatchedForm,
  sqlIsBatched,
  sqlVerb,
} from './data-layers';

export interface Lookup {
  /** the call to report: the method call, or the outermost call of a knex chain */
  call: ts.CallExpression;
  lib: Library;
  /** callee as written, for messages (`prisma.user.findUnique`) */
  label: string;
  method: string;
  kind: LookupKind;
  /** the batched form, for messages */
  batched: string;
  /** nodes whose dependence on the item makes the call per item */
  keyNodes: ts.Node[];
  /** HTTP: the URL expression (item-keyed URLs only count) and query params */
  url?: ts.Expression;
  params?: ts.Expression;
  instance: Instance;
  /** identified by method name only (no origin, no type) */
  byNameOnly?: boolean;
  /** SQL text, when known */
  sql?: string;
}

export type LookupResult = Lookup | 'batched' | undefined;

const HTTP_READ_METHODS = new Set(['get', 'head']);
const FETCH_MODULES = new Set(['undici', 'node-fetch', 'cross-fetch', 'isomorphic-fetch', 'undici-fetch']);
const KNEX_WRITE = new Set(['insert', 'del', 'delete', 'update', 'increment', 'decrement', 'upsert', 'merge', 'onConflict', 'truncate']);

/** Cheap syntactic pre-filter: could this call be a lookup at all? */
export function mayBeLookup(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return true; // fetch(), got(), axios(), knex('t'), request()
  return ts.isPropertyAccessExpression(callee);
}

const KNEX_LOOKUP_METHODS = new Set(['raw', 'select', 'from', 'table', 'where', 'first']);

/**
 * Can a method of this name ever be classified as a lookup (whatever the receiver)? The union of
 * what lookupOn and byDistinctiveName accept: SQL `query/execute`, ORM tables, HTTP `get/head/request`,
 * redis commands, the knex chain roots. A call of any other method is at most 'batched' or nothing.
 */
export function mayBeLookupMethod(method: string): boolean {
  return LOOKUP_METHOD_NAMES.has(method) || KNEX_LOOKUP_METHODS.has(method) || isRedisMethodName(method) || Object.prototype.hasOwnProperty.call(DISTINCTIVE_ORM_METHODS, method);
}

export function classifyLookup(call: ts.CallExpression, checker: ts.TypeChecker, allowNameOnly: boolean): LookupResult {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return classifyBareCall(call, callee, checker);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const receiver = callee.expression;
  const instance = instanceOf(receiver, checker);
  if (instance) return lookupOn(call, instance, method, checker);
  const bySql = untypedSqlLookup(call, method, checker);
  if (bySql) return bySql;
  // knex chain: db('users').where(…).first() — classified from its root call
  if (!allowNameOnly) return undefined;
  return byDistinctiveName(call, callee, method);
}

function labelOf(call: ts.CallExpression): string {
  const name = dottedName(call.expression) ?? call.expression.getText();
  if (name.length <= 60 && !name.includes('\n')) return name;
  return calleeName(call) ?? 'call';
}

function lookupOn(call: ts.CallExpression, instance: Instance, method: string, checker: ts.TypeChecker): LookupResult {
  const base = { call, lib: instance.lib, label: labelOf(call), method, instance };
  switch (instance.role) {
    case 'sql':
      return sqlLookup(call, instance, method, checker);
    case 'redis': {
      const info = redisMethodInfo(method);
      return info ? { ...base, kind: info.kind, batched: info.batched, keyNodes: [...call.arguments] } : undefined;
    }
    case 'redisPipeline':
      return 'batched';
    case 'http':
      return httpMethodLookup(call, instance, method);
    case 'knex':
      if (method === 'raw') return sqlLookup(call, { lib: 'pg', role: 'sql' }, 'query', checker, 'knex');
      if (KNEX_LOOKUP_METHODS.has(method) && method !== 'raw') return knexChain(call, instance);
      return undefined;
    default: {
      const info = ormMethodInfo(instance.role, method);
      if (!info) return undefined;
      if (ormArgsBatched(call)) return 'batched';
      if (info.kind === 'update' && (instance.lib === 'mongodb' || instance.lib === 'mongoose') === false) return undefined;
      return { ...base, kind: info.kind, batched: info.batched, keyNodes: [...call.arguments] };
    }
  }
}

function byDistinctiveName(call: ts.CallExpression, callee: ts.PropertyAccessExpression, method: string): LookupResult {
  const receiver = skipOuter(callee.expression);
  const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
  let instance: Instance | undefined = DISTINCTIVE_ORM_METHODS[method];
  if (instance?.lib === 'prisma') {
    // prisma.user.findUnique({ where }) : a model delegate under a client, with a `where`
    const first = call.arguments[0] ? skipOuter(call.arguments[0]) : undefined;
    const hasWhere = !!first && ts.isObjectLiteralExpression(first) && first.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === 'where');
    if (!ts.isPropertyAccessExpression(receiver) || !hasWhere) instance = undefined;
  }
  if (!instance && method === 'findById' && /^[A-Z]\w*$|Model$/.test(receiverName)) instance = { lib: 'mongoose', role: 'mongooseModel' };
  if (!instance && (method === 'findOne' || method === 'findBy') && /repo(sitory)?$/i.test(receiverName)) instance = { lib: 'typeorm', role: 'typeormRepo' };
  if (!instance) return undefined;
  const info = ormMethodInfo(instance.role, method);
  if (!info) return undefined;
  if (ormArgsBatched(call)) return 'batched';
  return { call, lib: instance.lib, label: labelOf(call), method, instance, kind: info.kind, batched: info.batched, keyNodes: [...call.arguments], byNameOnly: true };
}

/** `{ id: { in: ids } }`, `$in`, `[Op.in]`, `In(ids)`: the call already takes a set of keys. */
function ormArgsBatched(call: ts.CallExpression): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(n)) {
      const name = n.name;
      if ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && /^(\$?in|hasSome|hasEvery|\$all)$/.test(name.text)) found = true;
      if (ts.isComputedPropertyName(name) && ts.isPropertyAccessExpression(name.expression) && /^(in|or)$/.test(name.expression.name.text)) found = true;
    }
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'In') found = true;
    ts.forEachChild(n, visit);
  };
  call.arguments.forEach(visit);
  return found;
}

/** The SQL text of a query argument: a literal, a template (placeholders for substitutions), a const, `{ text }`. */
export function sqlTextOf(arg: ts.Expression | undefined, checker: ts.TypeChecker, depth = 0): string | undefined {
  if (!arg || depth > 4) return undefined;
  const e = skipOuter(arg);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.head.text + e.templateSpans.map((s) => `$\{…}${s.literal.text}`).join('');
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && (p.name.text === 'text' || p.name.text === 'sql')) return sqlTextOf(p.initializer, checker, depth + 1);
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = sqlTextOf(e.left, checker, depth + 1);
    const r = sqlTextOf(e.right, checker, depth + 1);
    return l !== undefined || r !== undefined ? `${l ?? '…'}${r ?? '…'}` : undefined;
  }
  if (ts.isIdentifier(e)) {
    let symbol: ts.Symbol | undefined;
    try {
      symbol = checker.getSymbolAtLocation(e);
    } catch {
      return undefined;
    }
    const decl = symbol?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) {
      return sqlTextOf(decl.initializer, checker, depth + 1);
    }
  }
  return undefined;
}

function sqlLookup(call: ts.CallExpression, instance: Instance, method: string, checker: ts.TypeChecker, labelLib?: 'knex'): LookupResult {
  if (method !== 'query' && method !== 'execute') return undefined;
  const sql = sqlTextOf(call.arguments[0], checker);
  if (sql === undefined) return undefined; // unknown statement: could be an UPDATE, stay quiet
  if (sqlIsBatched(sql)) return 'batched';
  const verb = sqlVerb(sql);
  if (verb === 'update' || verb === 'other') return undefined; // per-row updates have no simple batch form
  const lib = instance.lib === 'mysql' ? 'mysql' : 'pg';
  const kind: LookupKind = verb === 'select' ? 'read' : verb === 'insert' ? 'insert' : 'delete';
  return {
    call,
    lib: labelLib ?? instance.lib,
    label: labelOf(call),
    method,
    instance,
    kind,
    batched: sqlBatchedForm(lib, verb),
    keyNodes: [...call.arguments],
    sql,
  };
}

/**
 * Statement-shaped SQL: a verb and the clause that must follow it. Tight on purpose: `select(…)`
 * of a UI or "update settings" prose must not read as a query.
 */
const SQL_STATEMENT = /^\s*(?:select\s[\s\S]*?\bfrom\s+[\w."`\[]|insert\s+into\s+[\w."`\[]|update\s+[\w."`\[]+\s+set\s|delete\s+from\s+[\w."`\[]|with\s+\w+\s+as\s*\()/i;

/** A statement that takes a key: a WHERE/VALUES clause with a placeholder or a substitution. */
const SQL_KEYED = /\b(?:where|values)\b[\s\S]*(?:\$\d|\?|:\w|\$\{…\}|@\w)/i;

/**
 * `client.query('SELECT … WHERE id = $1', [id])` where `client` has no type and no traceable
 * origin (a helper's parameter in plain JS): the statement text itself is the evidence of a
 * database round trip. Only `query`/`execute` with SQL text we can read.
 */
function untypedSqlLookup(call: ts.CallExpression, method: string, checker: ts.TypeChecker): LookupResult {
  if (method !== 'query' && method !== 'execute') return undefined;
  const sql = sqlTextOf(call.arguments[0], checker);
  if (sql === undefined || !SQL_STATEMENT.test(sql) || !SQL_KEYED.test(sql)) return undefined;
  const lib = /\$\d/.test(sql) ? 'pg' : /\?/.test(sql) ? 'mysql' : 'pg';
  const found = sqlLookup(call, { lib, role: 'sql' }, method, checker);
  return found && found !== 'batched' ? { ...found, byNameOnly: true } : found;
}

/** `fetch(url)`, `got(url)`, `axios(url)`, `request(url)` (undici), `knex('users')…`. */
function classifyBareCall(call: ts.CallExpression, callee: ts.Identifier, checker: ts.TypeChecker): LookupResult {
  const name = callee.text;
  const origin = resolveOrigin(callee, checker);
  if (origin) {
    const p = origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
    if (FETCH_MODULES.has(origin.module) && (p.length === 0 || (p.length === 1 && p[0] === 'fetch'))) return fetchLookup(call);
    if (origin.module === 'undici' && p.length === 1 && p[0] === 'request') return fetchLookup(call);
  } else if (name === 'fetch' && isGlobal(callee, checker)) {
    return fetchLookup(call);
  }
  const instance = instanceOf(callee, checker);
  if (!instance) return undefined;
  if (instance.role === 'http') return httpCallLookup(call, instance);
  if (instance.role === 'knex') return knexChain(call, instance);
  return undefined;
}

function isGlobal(id: ts.Identifier, checker: ts.TypeChecker): boolean {
  let symbol: ts.Symbol | undefined;
  try {
    symbol = checker.getSymbolAtLocation(id);
  } catch {
    return false;
  }
  if (!symbol) return true; // undeclared in a JS file: the runtime global
  return (symbol.declarations ?? []).every((d) => d.getSourceFile().isDeclarationFile);
}

function isGetOptions(options: ts.Expression | undefined): boolean {
  if (!options) return true;
  const o = skipOuter(options);
  if (!ts.isObjectLiteralExpression(o)) return false; // unknown options: could be a POST
  for (const p of o.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'method') {
      const v = skipOuter(p.initializer);
      return ts.isStringLiteralLike(v) && /^(get|head)$/i.test(v.text);
    }
    if (ts.isSpreadAssignment(p)) return false;
  }
  return true;
}

function httpBase(call: ts.CallExpression, label: string): Omit<Lookup, 'url' | 'params' | 'keyNodes'> {
  return { call, lib: 'http', label, method: 'get', instance: { lib: 'http', role: 'http' }, kind: 'read', batched: 'one request to a batch endpoint (all keys at once)' };
}

function fetchLookup(call: ts.CallExpression): LookupResult {
  const url = call.arguments[0];
  if (!url || !isGetOptions(call.arguments[1])) return undefined;
  return { ...httpBase(call, labelOf(call)), url, keyNodes: [url] };
}

/** `axios(url)`, `axios({ url, method })`, `got(url)`, `got(url, { method })`. */
function httpCallLookup(call: ts.CallExpression, instance: Instance): LookupResult {
  void instance;
  const first = call.arguments[0];
  if (!first) return undefined;
  const f = skipOuter(first);
  if (ts.isObjectLiteralExpression(f)) {
    if (!isGetOptions(f)) return undefined;
    const urlProp = f.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'url');
    const paramsProp = f.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && /^(params|searchParams)$/.test(p.name.text));
    if (!urlProp) return undefined;
    return { ...httpBase(call, labelOf(call)), url: urlProp.initializer, params: paramsProp?.initializer, keyNodes: [f] };
  }
  if (!isGetOptions(call.arguments[1])) return undefined;
  return { ...httpBase(call, labelOf(call)), url: first, params: paramsOf(call.arguments[1]), keyNodes: [...call.arguments] };
}

function paramsOf(options: ts.Expression | undefined): ts.Expression | undefined {
  if (!options) return undefined;
  const o = skipOuter(options);
  if (!ts.isObjectLiteralExpression(o)) return undefined;
  const p = o.properties.find((x): x is ts.PropertyAssignment => ts.isPropertyAssignment(x) && ts.isIdentifier(x.name) && /^(params|searchParams)$/.test(x.name.text));
  return p?.initializer;
}

/** `axios.get(url, { params })`, `got.get(url)`, `api.head(url)`. */
function httpMethodLookup(call: ts.CallExpression, instance: Instance, method: string): LookupResult {
  void instance;
  if (method === 'request') return httpCallLookup(call, instance);
  if (!HTTP_READ_METHODS.has(method)) return undefined; // POST/PUT: webhooks and uploads are serial-await's
  const url = call.arguments[0];
  if (!url) return undefined;
  return { ...httpBase(call, labelOf(call)), url, params: paramsOf(call.arguments[1]), keyNodes: [...call.arguments] };
}

/** The whole query-builder chain from its root call: `db('users').where('id', id).first()`. */
function knexChain(root: ts.CallExpression, instance: Instance): LookupResult {
  let outer: ts.CallExpression = root;
  const methods: string[] = [];
  const keyNodes: ts.Node[] = [...root.arguments];
  for (;;) {
    const access = outer.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== outer) break;
    const next = access.parent;
    if (!next || !ts.isCallExpression(next) || next.expression !== access) break;
    const m = access.name.text;
    if (m === 'then' || m === 'catch' || m === 'finally') break;
    methods.push(m);
    keyNodes.push(...next.arguments);
    outer = next;
  }
  if (methods.some((m) => /^(whereIn|orWhereIn|whereNotIn|havingIn)$/.test(m))) return 'batched';
  let kind: LookupKind = 'read';
  if (methods.includes('insert')) kind = 'insert';
  else if (methods.includes('del') || methods.includes('delete')) kind = 'delete';
  else if (methods.some((m) => KNEX_WRITE.has(m))) return undefined; // per-row updates: no batch form
  const rootLabel = root.getText().length <= 40 ? root.getText() : labelOf(root);
  const batched = kind === 'insert' ? '`insert(rows)` with the whole array' : kind === 'delete' ? '`whereIn(key, keys).del()`' : '`whereIn(key, keys)`';
  return { call: outer, lib: 'knex', label: rootLabel, method: methods.at(-1) ?? 'query', instance, kind, batched, keyNodes };
}

/** Name of the receiver object for messages (`prisma.user`). */
export function receiverText(call: ts.CallExpression): string | undefined {
  const r = calleeReceiver(call);
  return r ? dottedName(r) : undefined;
}
