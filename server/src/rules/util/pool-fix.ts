/**
 * missing-pooling quick-fix: move the creation to module scope as a lazily created singleton
 * (`let pool; function getPool() { pool ??= new Pool(cfg); return pool; }`), use it where the per-call
 * instance was made, and drop the per-call connect/close that a shared pool must not do. pg `Client`
 * becomes a `Pool` (same `query` API), mysql `createConnection` becomes `createPool`. Offered only
 * when the constructor arguments do not depend on the call (no parameters or locals). `suggestion`:
 * the instance now outlives the call.
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleContext } from '../rule';
import { CLOSE_METHODS, type Factory } from './data-layers';
import type { Lifetime } from './connection-lifetime';
import { bindingNames, referencedNames } from './per-item-flow';
import { enclosingFunction, isFunctionLike, skipOuter } from './syntax';

interface Plan {
  /** constructor/factory text at module scope, e.g. `new Pool(cfg)` */
  creation: string;
  /** TS type of the singleton (undefined in JS) */
  type?: string;
  stem: string;
  extraEdits: TextEdit[];
  removeConnect: boolean;
  title: string;
}

export function poolFixes(ctx: RuleContext, node: ts.NewExpression | ts.CallExpression, factory: Factory, lifetime: Lifetime): Fix[] {
  if (lifetime.kind === 'factory-per-request') return [];
  if (!argsHoistable(node)) return [];
  const isTs = /\.(ts|tsx|mts|cts)$/.test(ctx.fileName);
  const plan = planFor(ctx, node, factory, isTs);
  if (!plan) return [];
  const sf = ctx.sourceFile;
  const topStatement = topLevelStatementOf(node);
  if (!topStatement) return [];
  const taken = referencedNames(sf);
  const holder = uniqueName(plan.stem, taken);
  const getter = uniqueName(`get${plan.stem.charAt(0).toUpperCase()}${plan.stem.slice(1)}`, taken);
  const insertAt = topStatement.getStart(sf);
  const decl = isTs ? `let ${holder}: ${plan.type} | undefined;` : `let ${holder};`;
  const singleton = `${decl}\n\nfunction ${getter}() {\n  ${holder} ??= ${plan.creation};\n  return ${holder};\n}\n\n`;
  const edits: TextEdit[] = [...plan.extraEdits, { file: ctx.fileName, start: insertAt, end: insertAt, newText: singleton }];
  // the creation (with its `await`) becomes the getter call
  let replaced: ts.Node = node;
  while (replaced.parent && (ts.isAwaitExpression(replaced.parent) || ts.isParenthesizedExpression(replaced.parent))) replaced = replaced.parent;
  edits.push({ file: ctx.fileName, start: replaced.getStart(sf), end: replaced.end, newText: `${getter}()` });
  const local = replaced.parent && ts.isVariableDeclaration(replaced.parent) && ts.isIdentifier(replaced.parent.name) ? replaced.parent.name.text : undefined;
  const fn = enclosingFunction(node);
  if (local && fn?.body) edits.push(...lifecycleRemovals(ctx, fn.body, local, plan.removeConnect));
  return [{ title: plan.title.replace('{getter}', getter), kind: 'suggestion', edits }];
}

function planFor(ctx: RuleContext, node: ts.NewExpression | ts.CallExpression, factory: Factory, isTs: boolean): Plan | undefined {
  const callee = skipOuter(node.expression);
  const calleeText = callee.getText(ctx.sourceFile);
  const argsText = (node.arguments ?? []).map((a) => a.getText(ctx.sourceFile)).join(', ');
  const dotted = /^[\w$]+(\.[\w$]+)*$/.test(calleeText);
  const newType = (t: string): string => (ts.isIdentifier(callee) ? t : `InstanceType<typeof ${t}>`);
  switch (factory.label) {
    case 'pg Client': {
      const pool = poolName(ctx, callee);
      if (!pool) return undefined;
      return {
        creation: `new ${pool.text}(${argsText})`,
        type: ts.isIdentifier(callee) ? pool.text : `InstanceType<typeof ${pool.text}>`,
        stem: 'pool',
        extraEdits: pool.edits,
        removeConnect: true,
        title: `Use one lazily created pg \`Pool\` ({getter}) instead of a Client per call`,
      };
    }
    case 'mysql connection': {
      if (!ts.isPropertyAccessExpression(callee) || !dotted) return undefined;
      const createPool = `${callee.expression.getText(ctx.sourceFile)}.createPool`;
      return {
        creation: `${createPool}(${argsText})`,
        type: `ReturnType<typeof ${createPool}>`,
        stem: 'pool',
        extraEdits: [],
        removeConnect: true,
        title: 'Use one lazily created mysql pool ({getter}) instead of a connection per call',
      };
    }
    case 'pg Pool':
    case 'PrismaClient':
    case 'MongoClient':
    case 'ioredis client':
    case 'Sequelize instance':
    case 'knex instance':
    case 'http Agent':
    case 'undici dispatcher': {
      if (!dotted || (factory.label === 'MongoClient' && !ts.isNewExpression(node))) return undefined;
      if (isTs && !dotted) return undefined;
      let args = argsText;
      if (factory.label === 'http Agent') args = withKeepAlive(node) ?? '';
      if (factory.label === 'http Agent' && !args) return undefined;
      const creation = ts.isNewExpression(node) ? `new ${calleeText}(${args})` : `${calleeText}(${args})`;
      return {
        creation,
        type: ts.isNewExpression(node) ? newType(calleeText) : `ReturnType<typeof ${calleeText}>`,
        stem: STEMS[factory.label] ?? 'client',
        extraEdits: [],
        removeConnect: factory.label === 'MongoClient',
        title: `Create one ${factory.label} lazily at module scope ({getter}) and reuse it`,
      };
    }
    default:
      return undefined; // node-redis (connect once), DataSource (initialize once), mongoose: no mechanical fix
  }
}

const STEMS: Record<string, string> = {
  'pg Pool': 'pool',
  PrismaClient: 'prisma',
  MongoClient: 'mongoClient',
  'ioredis client': 'redis',
  'Sequelize instance': 'sequelize',
  'knex instance': 'db',
  'http Agent': 'keepAliveAgent',
  'undici dispatcher': 'dispatcher',
};

/** `{ ca }` → `{ keepAlive: true, ca }`; no options → `{ keepAlive: true }`. */
function withKeepAlive(node: ts.NewExpression | ts.CallExpression): string | undefined {
  const args = node.arguments ?? [];
  if (args.length === 0) return '{ keepAlive: true }';
  const first = skipOuter(args[0]!);
  if (!ts.isObjectLiteralExpression(first) || args.length > 1) return undefined;
  const text = first.getText();
  if (/\bkeepAlive\b/.test(text)) return text;
  return first.properties.length ? text.replace(/^\{\s*/, '{ keepAlive: true, ') : '{ keepAlive: true }';
}

/** The name to construct a pg Pool with, plus the import edit that brings it in. */
function poolName(ctx: RuleContext, callee: ts.Expression): { text: string; edits: TextEdit[] } | undefined {
  if (ts.isPropertyAccessExpression(callee)) return { text: `${callee.expression.getText(ctx.sourceFile)}.Pool`, edits: [] };
  if (!ts.isIdentifier(callee)) return undefined;
  const sf = ctx.sourceFile;
  for (const stmt of sf.statements) {
    // import { Client } from 'pg'
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.moduleSpecifier.text === 'pg') {
      const named = stmt.importClause?.namedBindings;
      if (named && ts.isNamedImports(named)) return addBinding(ctx, named.elements, (e) => (e.propertyName ?? e.name).text, (e) => e.name.text);
    }
    // const { Client } = require('pg')
    if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        const init = d.initializer && skipOuter(d.initializer);
        const isPgRequire = !!init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && !!init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && init.arguments[0].text === 'pg';
        if (isPgRequire && ts.isObjectBindingPattern(d.name)) {
          return addBinding(ctx, d.name.elements, (e) => (e.propertyName && ts.isIdentifier(e.propertyName) ? e.propertyName.text : (e.name as ts.Identifier).text), (e) => (ts.isIdentifier(e.name) ? e.name.text : ''));
        }
      }
    }
  }
  return undefined;
}

function addBinding<T extends ts.Node>(ctx: RuleContext, elements: ts.NodeArray<T>, imported: (e: T) => string, local: (e: T) => string): { text: string; edits: TextEdit[] } | undefined {
  const existing = elements.find((e) => imported(e) === 'Pool');
  if (existing) return { text: local(existing), edits: [] };
  if (referencedNames(ctx.sourceFile).has('Pool')) return undefined; // `Pool` means something else here
  const last = elements[elements.length - 1];
  if (!last) return undefined;
  return { text: 'Pool', edits: [{ file: ctx.fileName, start: last.end, end: last.end, newText: ', Pool' }] };
}

/** The constructor arguments may only use module-level names: no parameters or locals of the enclosing functions. */
function argsHoistable(node: ts.NewExpression | ts.CallExpression): boolean {
  const used = new Set<string>();
  for (const a of node.arguments ?? []) for (const n of referencedNames(a)) used.add(n);
  if (used.size === 0) return true;
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const local = new Set<string>();
    for (const p of fn.parameters) for (const n of bindingNames(p.name)) local.add(n);
    const visit = (n: ts.Node): void => {
      if (ts.isVariableDeclaration(n)) for (const b of bindingNames(n.name)) local.add(b);
      if (isFunctionLike(n) && n !== fn) return;
      ts.forEachChild(n, visit);
    };
    if (fn.body) visit(fn.body);
    for (const u of used) if (local.has(u)) return false;
  }
  return true;
}

function topLevelStatementOf(node: ts.Node): ts.Statement | undefined {
  let cur: ts.Node = node;
  while (cur.parent && !ts.isSourceFile(cur.parent)) cur = cur.parent;
  return cur.parent ? (cur as ts.Statement) : undefined;
}

function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  if (taken.has(candidate)) candidate = `shared${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name}${i}`;
  taken.add(candidate);
  return candidate;
}

/** `await v.connect();` / `await v.end();` statements on the local: removed (a try/finally holding only the close is unwrapped). */
function lifecycleRemovals(ctx: RuleContext, body: ts.Node, local: string, removeConnect: boolean): TextEdit[] {
  const sf = ctx.sourceFile;
  const targets: ts.ExpressionStatement[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isExpressionStatement(n) && isLifecycleCall(n.expression, local, removeConnect)) targets.push(n);
    if (isFunctionLike(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  const edits: TextEdit[] = [];
  const covered = new Set<ts.Node>();
  for (const stmt of targets) {
    const block = stmt.parent;
    const tryStmt = block && ts.isBlock(block) && block.parent && ts.isTryStatement(block.parent) && block.parent.finallyBlock === block ? block.parent : undefined;
    if (tryStmt && block && ts.isBlock(block) && block.statements.every((s) => targets.includes(s as ts.ExpressionStatement))) {
      block.statements.forEach((s) => covered.add(s));
      if (tryStmt.catchClause) {
        edits.push({ file: ctx.fileName, start: tryStmt.catchClause.end, end: block.end, newText: '' });
      } else {
        tryStmt.tryBlock.statements.forEach((s) => covered.add(s));
        edits.push(unwrapTry(ctx, tryStmt, targets));
      }
    }
  }
  for (const stmt of targets) if (!covered.has(stmt)) edits.push(removeLine(ctx, stmt, sf));
  return edits;
}

function isLifecycleCall(expr: ts.Expression, local: string, removeConnect: boolean): boolean {
  let e = skipOuter(expr);
  if (ts.isAwaitExpression(e)) e = skipOuter(e.expression);
  if (!ts.isCallExpression(e) || e.arguments.length > 0 || !ts.isPropertyAccessExpression(e.expression)) return false;
  const recv = skipOuter(e.expression.expression);
  if (!ts.isIdentifier(recv) || recv.text !== local) return false;
  const m = e.expression.name.text;
  return CLOSE_METHODS.has(m) || (removeConnect && m === 'connect');
}

function removeLine(ctx: RuleContext, stmt: ts.Statement, sf: ts.SourceFile): TextEdit {
  const text = ctx.text;
  const start = stmt.getStart(sf);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const onlyOnLine = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*(\r?\n|$)/.test(text.slice(stmt.end));
  if (!onlyOnLine) return { file: ctx.fileName, start, end: stmt.end, newText: '' };
  const nl = text.indexOf('\n', stmt.end);
  return { file: ctx.fileName, start: lineStart, end: nl === -1 ? text.length : nl + 1, newText: '' };
}

/** `try { A; B } finally { v.end() }` → `A; B` at the try's indentation. */
function unwrapTry(ctx: RuleContext, tryStmt: ts.TryStatement, removed: ts.Statement[]): TextEdit {
  const sf = ctx.sourceFile;
  const text = ctx.text;
  const tryStart = tryStmt.getStart(sf);
  const lineStart = text.lastIndexOf('\n', tryStart - 1) + 1;
  const outerIndent = text.slice(lineStart, tryStart);
  const lines: string[] = [];
  for (const s of tryStmt.tryBlock.statements) {
    if (removed.includes(s)) continue;
    const sStart = s.getStart(sf);
    const sLineStart = text.lastIndexOf('\n', sStart - 1) + 1;
    const innerIndent = text.slice(sLineStart, sStart);
    const body = text.slice(sLineStart, s.end).split('\n');
    for (const l of body) lines.push(l.startsWith(innerIndent) ? outerIndent + l.slice(innerIndent.length) : l);
  }
  return { file: ctx.fileName, start: lineStart, end: tryStmt.end, newText: lines.join('\n') };
}
