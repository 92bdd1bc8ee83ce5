/**
 * n-plus-one quick-fix: turn `for (const x of xs) { … await lookup(key(x)) … }` into one batched call
 * before the loop plus a Map lookup per item. Offered only where the shape is clear: a for-of loop
 * over a plain collection, the lookup awaited in the loop body, and a key built from the loop
 * variable alone. Kind `suggestion`: ordering, duplicates and missing rows can behave differently.
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import type { RuleContext } from '../rule';
import { dottedName, skipOuter } from './syntax';
import { bindingNames, referencedNames, type PerItemLoop } from './per-item-flow';
import type { Lookup } from './data-layer-lookups';

interface BatchPlan {
  /** statements to put before the loop (without indentation) */
  prelude: string[];
  /** replaces the awaited per-item lookup */
  perItem: string;
  title: string;
}

interface Shape {
  ctx: RuleContext;
  loop: ts.ForOfStatement;
  lookup: Lookup;
  awaited: ts.AwaitExpression;
  /** text of the loop binding (`order`, `{ id }`) */
  binding: string;
  collection: string;
  base: string;
  isTs: boolean;
  taken: Set<string>;
}

export function batchFixes(ctx: RuleContext, loop: PerItemLoop, lookup: Lookup): Fix[] {
  const shape = shapeOf(ctx, loop, lookup);
  if (!shape) return [];
  const plan = planFor(shape);
  if (!plan) return [];
  const forStmt = shape.loop;
  const sf = ctx.sourceFile;
  const start = forStmt.getStart(sf);
  const indent = indentationAt(ctx.text, start);
  const edits: TextEdit[] = [
    { file: ctx.fileName, start, end: start, newText: plan.prelude.map((line) => line.replace(/\n/g, `\n${indent}`)).join(`\n${indent}`) + `\n${indent}` },
    { file: ctx.fileName, start: shape.awaited.getStart(sf), end: shape.awaited.end, newText: wrapForContext(shape.awaited, plan.perItem) },
  ];
  return [{ title: plan.title, kind: 'suggestion', edits }];
}

function shapeOf(ctx: RuleContext, loop: PerItemLoop, lookup: Lookup): Shape | undefined {
  if (!ts.isForOfStatement(loop.loop)) return undefined;
  const forStmt = loop.loop;
  const parent = forStmt.parent;
  if (!parent || !(ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent))) return undefined;
  const init = forStmt.initializer;
  if (!ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const collection = dottedName(forStmt.expression);
  if (!collection) return undefined;
  const awaited = lookup.call.parent;
  if (!awaited || !ts.isAwaitExpression(awaited)) return undefined;
  // the await must run once per iteration directly in the loop body (not in a nested callback)
  for (let cur: ts.Node | undefined = awaited.parent; cur && cur !== forStmt; cur = cur.parent) {
    if (ts.isFunctionLike(cur)) return undefined;
  }
  const taken = new Set(referencedNames(ctx.sourceFile));
  return {
    ctx,
    loop: forStmt,
    lookup,
    awaited,
    binding: init.declarations[0]!.name.getText(ctx.sourceFile),
    collection,
    base: baseName(awaited, lookup),
    isTs: /\.(ts|tsx|mts|cts)$/.test(ctx.fileName),
    taken,
  };
}

/** The key expression may use only the loop variable (and names from outside the loop). */
function keyUsable(shape: Shape, key: ts.Expression): boolean {
  const declaredInLoop = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n)) for (const name of bindingNames(n.name)) declaredInLoop.add(name);
    ts.forEachChild(n, visit);
  };
  visit(shape.loop.statement);
  for (const name of referencedNames(key)) if (declaredInLoop.has(name)) return false;
  return !key.getText().includes('await');
}

function planFor(shape: Shape): BatchPlan | undefined {
  const { lookup } = shape;
  switch (lookup.lib) {
    case 'prisma':
      return prismaPlan(shape);
    case 'mongoose':
    case 'mongodb':
      return mongoPlan(shape);
    case 'knex':
      return knexPlan(shape);
    case 'pg':
      return pgPlan(shape);
    case 'redis':
      return redisPlan(shape);
    default:
      return undefined;
  }
}

/** `{ where: { id: order.userId } }` → ['id', order.userId] when it is the only filter and option. */
function singleKeyFilter(obj: ts.Expression | undefined): { field: string; key: ts.Expression } | undefined {
  if (!obj) return undefined;
  const o = skipOuter(obj);
  if (!ts.isObjectLiteralExpression(o) || o.properties.length !== 1) return undefined;
  const p = o.properties[0]!;
  if (ts.isShorthandPropertyAssignment(p)) return { field: p.name.text, key: p.name };
  if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
    const v = skipOuter(p.initializer);
    if (ts.isObjectLiteralExpression(v) || ts.isArrayLiteralExpression(v)) return undefined; // an operator object, not a key
    return { field: p.name.text, key: p.initializer };
  }
  return undefined;
}

function prismaPlan(shape: Shape): BatchPlan | undefined {
  const { lookup } = shape;
  if (lookup.method !== 'findUnique' && lookup.method !== 'findFirst') return undefined;
  const args = lookup.call.arguments[0] && skipOuter(lookup.call.arguments[0]);
  if (!args || !ts.isObjectLiteralExpression(args) || args.properties.length !== 1) return undefined;
  const whereProp = args.properties[0]!;
  if (!ts.isPropertyAssignment(whereProp) || !ts.isIdentifier(whereProp.name) || whereProp.name.text !== 'where') return undefined;
  const filter = singleKeyFilter(whereProp.initializer);
  if (!filter || !keyUsable(shape, filter.key)) return undefined;
  const receiver = receiverText(lookup);
  if (!receiver) return undefined;
  const n = names(shape, filter.field);
  const keys = `${shape.collection}.map((${shape.binding}) => ${filter.key.getText()})`;
  return {
    title: `Load all with one \`${receiver}.findMany({ where: { ${filter.field}: { in } } })\` before the loop and use a Map`,
    prelude: [
      `const ${n.rows} = await ${receiver}.findMany({ where: { ${filter.field}: { in: ${keys} } } });`,
      `const ${n.map} = new Map(${n.rows}.map((row) => [row.${filter.field}, row]${shape.isTs ? ' as const' : ''}));`,
    ],
    perItem: `${n.map}.get(${filter.key.getText()}) ?? null`,
  };
}

function mongoPlan(shape: Shape): BatchPlan | undefined {
  const { lookup } = shape;
  const receiver = receiverText(lookup);
  if (!receiver) return undefined;
  let field: string;
  let key: ts.Expression;
  if (lookup.method === 'findById' && lookup.call.arguments.length === 1) {
    field = '_id';
    key = lookup.call.arguments[0]!;
  } else if (lookup.method === 'findOne' && lookup.call.arguments.length === 1) {
    const filter = singleKeyFilter(lookup.call.arguments[0]);
    if (!filter) return undefined;
    ({ field, key } = filter);
  } else return undefined;
  if (!keyUsable(shape, key)) return undefined;
  const n = names(shape, field.replace(/^_/, ''));
  const keys = `${shape.collection}.map((${shape.binding}) => ${key.getText()})`;
  const find = `${receiver}.find({ ${field}: { $in: ${keys} } })${lookup.lib === 'mongodb' ? '.toArray()' : ''}`;
  return {
    title: `Load all with one \`${receiver}.find({ ${field}: { $in } })\` before the loop and use a Map`,
    prelude: [
      `const ${n.rows} = await ${find};`,
      // ObjectIds compare by identity: key the Map by their string form
      `const ${n.map} = new Map(${n.rows}.map((doc) => [String(doc.${field}), doc]${shape.isTs ? ' as const' : ''}));`,
    ],
    perItem: `${n.map}.get(String(${key.getText()})) ?? null`,
  };
}

/** `db('owners').where('id', x).first()` / `.where({ id: x }).first()` → `whereIn('id', keys)`. */
function knexPlan(shape: Shape): BatchPlan | undefined {
  const outer = shape.lookup.call;
  if (!ts.isPropertyAccessExpression(outer.expression) || outer.expression.name.text !== 'first' || outer.arguments.length) return undefined;
  const whereCall = outer.expression.expression;
  if (!ts.isCallExpression(whereCall) || !ts.isPropertyAccessExpression(whereCall.expression) || whereCall.expression.name.text !== 'where') return undefined;
  const root = whereCall.expression.expression;
  if (!ts.isCallExpression(root) || !ts.isIdentifier(root.expression)) return undefined;
  let field: string | undefined;
  let key: ts.Expression | undefined;
  if (whereCall.arguments.length === 2 && ts.isStringLiteral(whereCall.arguments[0]!)) {
    field = (whereCall.arguments[0] as ts.StringLiteral).text;
    key = whereCall.arguments[1];
  } else if (whereCall.arguments.length === 1) {
    const filter = singleKeyFilter(whereCall.arguments[0]);
    if (filter) ({ field, key } = filter);
  }
  if (!field || !key || !/^[A-Za-z_]\w*$/.test(field) || !keyUsable(shape, key)) return undefined;
  const n = names(shape, field);
  const rootText = root.getText();
  return {
    title: `Load all with one \`${rootText}.whereIn('${field}', keys)\` before the loop and use a Map`,
    prelude: [
      `const ${n.rows} = await ${rootText}.whereIn('${field}', ${shape.collection}.map((${shape.binding}) => ${key.getText()}));`,
      `const ${n.map} = new Map(${n.rows}.map((row) => [row.${field}, row]${shape.isTs ? ' as const' : ''}));`,
    ],
    perItem: `${n.map}.get(${key.getText()})`,
  };
}

/** `pool.query('SELECT * FROM t WHERE col = $1', [key])` → `= ANY($1)` with all keys, rows grouped by col. */
function pgPlan(shape: Shape): BatchPlan | undefined {
  const { lookup } = shape;
  const sqlArg = lookup.call.arguments[0];
  const values = lookup.call.arguments[1] && skipOuter(lookup.call.arguments[1]);
  if (!sqlArg || !ts.isStringLiteral(sqlArg) || !values || !ts.isArrayLiteralExpression(values) || values.elements.length !== 1) return undefined;
  const sql = sqlArg.text;
  const m = /^\s*select\s+(.+?)\s+from\s+.+?\swhere\s+(?:\w+\.)?(\w+)\s*=\s*\$1\s*$/is.exec(sql);
  if (!m || (sql.match(/\$\d/g) ?? []).length !== 1) return undefined;
  const [, selectList, column] = m as unknown as [string, string, string];
  const selectsColumn = selectList.trim() === '*' || selectList.split(',').some((c) => new RegExp(`(^|\\.)${column}$`).test(c.trim()));
  if (!selectsColumn) return undefined;
  const key = values.elements[0]!;
  if (ts.isSpreadElement(key) || !keyUsable(shape, key)) return undefined;
  const receiver = receiverText(lookup);
  if (!receiver) return undefined;
  const n = names(shape, column);
  const quote = sqlArg.getText()[0];
  const batchedSql = sql.replace(/=\s*\$1\s*$/, '= ANY($1)');
  const keys = `${shape.collection}.map((${shape.binding}) => ${key.getText()})`;
  return {
    title: `Load all rows with one \`= ANY($1)\` query before the loop and use a Map`,
    prelude: [
      `const { rows: ${n.rows} } = await ${receiver}.${lookup.method}(${quote}${batchedSql}${quote}, [${keys}]);`,
      `const ${n.map} = new Map();`,
      `for (const row of ${n.rows}) {\n  if (!${n.map}.has(row.${column})) ${n.map}.set(row.${column}, []);\n  ${n.map}.get(row.${column}).push(row);\n}`,
    ],
    perItem: `{ rows: ${n.map}.get(${key.getText()}) ?? [] }`,
  };
}

/** ioredis `get(key)` → one `mget(keys)`. */
function redisPlan(shape: Shape): BatchPlan | undefined {
  const { lookup } = shape;
  if (lookup.method !== 'get' || lookup.instance.module !== 'ioredis' || lookup.call.arguments.length !== 1) return undefined;
  const key = lookup.call.arguments[0]!;
  if (!keyUsable(shape, key)) return undefined;
  const receiver = receiverText(lookup);
  if (!receiver) return undefined;
  const n = names(shape, 'key');
  const keysName = unique(shape, `${shape.base}Keys`);
  const valuesName = unique(shape, `${shape.base}Values`);
  return {
    title: `Read all keys with one \`${receiver}.mget\` before the loop and use a Map`,
    prelude: [
      `const ${keysName} = ${shape.collection}.map((${shape.binding}) => ${key.getText()});`,
      `const ${valuesName} = ${keysName}.length ? await ${receiver}.mget(${keysName}) : [];`,
      `const ${n.map} = new Map(${keysName}.map((key, i) => [key, ${valuesName}[i]]${shape.isTs ? ' as const' : ''}));`,
    ],
    perItem: `${n.map}.get(${key.getText()}) ?? null`,
  };
}

function receiverText(lookup: Lookup): string | undefined {
  const callee = lookup.call.expression;
  return ts.isPropertyAccessExpression(callee) ? dottedName(callee.expression) : undefined;
}

function names(shape: Shape, field: string): { rows: string; map: string } {
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  return { rows: unique(shape, `${shape.base}Rows`), map: unique(shape, `${shape.base}By${cap(field)}`) };
}

function unique(shape: Shape, name: string): string {
  let candidate = name;
  for (let i = 2; shape.taken.has(candidate); i++) candidate = `${name}${i}`;
  shape.taken.add(candidate);
  return candidate;
}

/** A readable stem for the new names: the variable the result goes to, else the table/model/key prefix. */
function baseName(awaited: ts.AwaitExpression, lookup: Lookup): string {
  const p = awaited.parent;
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  if (p && ts.isBinaryExpression(p) && p.right === awaited) {
    const left = skipOuter(p.left);
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
  }
  const fromLookup = lookupNoun(lookup);
  return fromLookup ? singular(fromLookup) : 'row';
}

function lookupNoun(lookup: Lookup): string | undefined {
  if (lookup.sql) return /\bfrom\s+(?:\w+\.)?(\w+)/i.exec(lookup.sql)?.[1];
  const first = lookup.call.arguments[0];
  if (lookup.lib === 'redis' && first) {
    const f = skipOuter(first);
    const head = ts.isTemplateExpression(f) ? f.head.text : ts.isBinaryExpression(f) && ts.isStringLiteral(f.left) ? f.left.text : '';
    return /^([A-Za-z]\w*)[:.]/.exec(head)?.[1];
  }
  if (lookup.lib === 'knex') {
    // the chain's root call: db('owners')
    let cur: ts.Expression = lookup.call;
    while (ts.isCallExpression(cur) && ts.isPropertyAccessExpression(cur.expression)) cur = cur.expression.expression;
    if (ts.isCallExpression(cur) && cur.arguments[0] && ts.isStringLiteral(cur.arguments[0])) return cur.arguments[0].text;
    return undefined;
  }
  const callee = lookup.call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const r = skipOuter(callee.expression);
    const name = ts.isIdentifier(r) ? r.text : ts.isPropertyAccessExpression(r) ? r.name.text : undefined;
    if (name) return name.charAt(0).toLowerCase() + name.slice(1);
  }
  return undefined;
}

function singular(word: string): string {
  const w = word.replace(/[^A-Za-z0-9_$]/g, '');
  if (/ies$/.test(w) && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/[^s]s$/.test(w) && w.length > 3) return w.slice(0, -1);
  return w || 'row';
}

/** Parentheses only where the replaced `await x` sits inside a larger expression. */
function wrapForContext(awaited: ts.AwaitExpression, text: string): string {
  const p = awaited.parent;
  const bare =
    !!p &&
    ((ts.isVariableDeclaration(p) && p.initializer === awaited) ||
      (ts.isBinaryExpression(p) && p.right === awaited && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) ||
      (ts.isCallExpression(p) && p.arguments.includes(awaited)) ||
      ts.isArrayLiteralExpression(p) ||
      ts.isParenthesizedExpression(p) ||
      (ts.isPropertyAssignment(p) && p.initializer === awaited) ||
      ts.isReturnStatement(p));
  return bare ? text : `(${text})`;
}

function indentationAt(text: string, pos: number): string {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart, pos));
  return m ? m[0] : '';
}
