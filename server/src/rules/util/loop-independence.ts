/**
 * Must a loop's awaits run one after another? Data flow over one loop body: which names the
 * iteration binds and derives from its item, whether iteration i reads what iteration i-1 wrote
 * (cursors, `prev = await step(prev)`), early exits that make sequencing save work, sleeps that
 * rate-limit on purpose, transactions, and chunked batches. Walks compiler nodes only.
 */
import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, dottedName, isFunctionLike, rootIdentifier, skipOuter, walk } from './syntax';
import { isAssignment, isValueReference, MUTATING_METHODS } from './dataflow';

export type SequentialReason =
  | 'early exit'
  | 'rate-limited'
  | 'transaction'
  | 'chunked batches'
  | 'small fixed list'
  | 'uses the previous iteration'
  | 'unsupported loop';

export interface LoopFacts {
  loop: ts.ForOfStatement | ts.ForInStatement | ts.ForStatement;
  /** names bound per iteration (the item, destructured parts, the index of an indexed for) */
  itemNames: Set<string>;
  /** names declared in the body (derived from the item or not) */
  localNames: Set<string>;
  /** names whose value depends on the item */
  derivedNames: Set<string>;
  /** the collection, as written */
  collection: ts.Expression;
  body: ts.Statement;
  sequential?: SequentialReason;
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** Visits the loop body without entering nested functions. */
function walkBody(body: ts.Node, visit: (n: ts.Node) => boolean | void): void {
  visit(body);
  walk(body, (n) => (isFunctionLike(n) ? false : visit(n)));
}

function identifiersIn(node: ts.Node): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  if (ts.isIdentifier(node)) return isValueReference(node) ? [node] : [];
  walk(node, (n) => {
    if (ts.isIdentifier(n) && isValueReference(n)) out.push(n);
  });
  return out;
}

export function references(node: ts.Node, names: ReadonlySet<string>): boolean {
  return identifiersIn(node).some((id) => names.has(id.text));
}

const SLEEP_NAMES = /^(sleep|delay|wait|pause|setTimeout|backoff|throttle|waitFor|rateLimit)$/i;
const TRANSACTION_NAMES = /^(trx|tx|transaction|session|queryRunner|manager|t)$/;
const TRANSACTION_CALLS = /^(transaction|\$transaction|withTransaction|runTransaction|startTransaction|runInTransaction)$/;
const CHUNK_NAMES = /^(chunks?|batch(es)?|pages?|slices?|groups?)$|(Chunks?|Batch(es)?|Pages?)$/;
const CHUNK_CALLS = /chunk|batch|partition|splitEvery|paginate/i;

/** Does the loop body leave the loop on a result (`break`, `return`, `yield`)? */
function hasEarlyExit(loop: ts.Node, body: ts.Node): boolean {
  let exit = false;
  walkBody(body, (n) => {
    if (exit) return false;
    if (ts.isReturnStatement(n) || ts.isYieldExpression(n)) exit = true;
    if (ts.isBreakStatement(n)) {
      if (n.label) exit = true;
      else {
        // an unlabelled break targets the innermost loop or switch
        for (let cur = n.parent; cur && cur !== loop; cur = cur.parent) {
          if (ts.isSwitchStatement(cur) || ts.isIterationStatement(cur, false)) return undefined;
        }
        exit = true;
      }
    }
    return undefined;
  });
  return exit;
}

function isRateLimited(body: ts.Node): boolean {
  let sleeps = false;
  walk(body, (n) => {
    if (sleeps) return false;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name && SLEEP_NAMES.test(name)) sleeps = true;
    }
    return undefined;
  });
  return sleeps;
}

/** Inside `db.transaction(async (trx) => …)`, after `BEGIN`, or passing a transaction/session along. */
export function isTransactional(loop: ts.Node, body: ts.Node): boolean {
  for (let cur = loop.parent; cur; cur = cur.parent) {
    if (isFunctionLike(cur)) {
      const call = cur.parent;
      if (call && ts.isCallExpression(call)) {
        const name = calleeName(call);
        if (name && TRANSACTION_CALLS.test(name)) return true;
      }
      if (/['"`]BEGIN\b/i.test(cur.getText())) return true;
    }
  }
  let tx = false;
  walk(body, (n) => {
    if (tx) return false;
    if (ts.isIdentifier(n) && TRANSACTION_NAMES.test(n.text) && n.text !== 't' && isValueReference(n)) tx = true;
    if (ts.isShorthandPropertyAssignment(n) && /^(transaction|session|trx)$/.test(n.name.text)) tx = true;
    return undefined;
  });
  return tx;
}

function isChunked(collection: ts.Expression, itemNames: Set<string>): boolean {
  for (const n of itemNames) if (CHUNK_NAMES.test(n)) return true;
  const e = skipOuter(collection);
  if (ts.isCallExpression(e)) {
    const name = calleeName(e);
    if (name && CHUNK_CALLS.test(name)) return true;
  }
  const d = dottedName(e);
  return !!d && CHUNK_NAMES.test(d.split('.').pop() ?? '');
}

/**
 * Does iteration i read a name that iteration i-1 wrote? A name declared outside the loop that the
 * body both writes and reads — other than write-only sinks (`out.push(x)`, `total += x`,
 * `byId[k] = v`, `n++` as a statement) — carries a value from one iteration to the next.
 */
function carriesState(body: ts.Node, local: ReadonlySet<string>): boolean {
  const written = new Set<string>();
  const read = new Set<string>();
  const sinkIds = new Set<ts.Identifier>();
  walkBody(body, (n) => {
    if (isAssignment(n)) {
      const target = skipOuter(n.left);
      const root = ts.isIdentifier(target) ? target : rootIdentifier(target);
      if (root && !local.has(root.text)) {
        written.add(root.text);
        const compound = n.operatorToken.kind !== ts.SyntaxKind.EqualsToken;
        const readsItself = references(n.right, new Set([root.text]));
        // `x = …` on a bare name, `x.k = …`, `x += …` that do not read x on the right are write-only
        if (!readsItself && (!compound || ts.isIdentifier(target) || ts.isElementAccessExpression(target) || ts.isPropertyAccessExpression(target))) sinkIds.add(root);
        if (ts.isElementAccessExpression(target) && references(target.argumentExpression, new Set([root.text]))) sinkIds.delete(root);
      }
    } else if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
      const root = rootIdentifier(n.operand);
      if (root && !local.has(root.text)) {
        written.add(root.text);
        if (n.parent && (ts.isExpressionStatement(n.parent) || ts.isForStatement(n.parent))) sinkIds.add(root);
      }
    } else if (ts.isCallExpression(n)) {
      const method = calleeName(n);
      const recv = calleeReceiver(n);
      const root = recv && rootIdentifier(recv);
      if (method && MUTATING_METHODS.has(method) && root && !local.has(root.text)) {
        written.add(root.text);
        if (/^(push|unshift|set|add)$/.test(method) && !n.arguments.some((a) => references(a, new Set([root.text])))) sinkIds.add(root);
      }
    }
    return undefined;
  });
  if (written.size === 0) return false;
  walkBody(body, (n) => {
    if (ts.isIdentifier(n) && written.has(n.text) && isValueReference(n) && !sinkIds.has(n)) read.add(n.text);
    return undefined;
  });
  for (const w of written) if (read.has(w)) return true;
  return false;
}

/** The facts of a `for…of` / `for…in` / indexed `for` loop; undefined for while/do/for-await and other shapes. */
export function loopFacts(loop: ts.IterationStatement): LoopFacts | undefined {
  let itemNames = new Set<string>();
  let collection: ts.Expression | undefined;
  if (ts.isForOfStatement(loop)) {
    if (loop.awaitModifier) return undefined;
    if (!ts.isVariableDeclarationList(loop.initializer)) return undefined;
    for (const d of loop.initializer.declarations) bindingNames(d.name, itemNames);
    collection = loop.expression;
  } else if (ts.isForInStatement(loop)) {
    if (!ts.isVariableDeclarationList(loop.initializer)) return undefined;
    for (const d of loop.initializer.declarations) bindingNames(d.name, itemNames);
    collection = loop.expression;
  } else if (ts.isForStatement(loop)) {
    // for (let i = 0; i < xs.length; i++) — an index over a collection
    const cond = loop.condition;
    if (!cond || !ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left)) return undefined;
    const right = skipOuter(cond.right);
    if (!ts.isPropertyAccessExpression(right) || right.name.text !== 'length') return undefined;
    if (!loop.incrementor || !/^\+\+|\+\+$|\+= *1$/.test(loop.incrementor.getText().replace(/\s/g, ''))) return undefined;
    itemNames = new Set([cond.left.text]);
    collection = right.expression;
  } else return undefined;
  const body = loop.statement;
  const localNames = new Set<string>(itemNames);
  const derivedNames = new Set<string>(itemNames);
  walkBody(body, (n) => {
    if (ts.isVariableDeclaration(n)) {
      const names = new Set<string>();
      bindingNames(n.name, names);
      for (const x of names) localNames.add(x);
      if (n.initializer && references(n.initializer, derivedNames)) for (const x of names) derivedNames.add(x);
    }
    return undefined;
  });
  const facts: LoopFacts = { loop, itemNames, localNames, derivedNames, collection, body };
  const e = skipOuter(collection);
  if (ts.isArrayLiteralExpression(e) && e.elements.length <= 3) facts.sequential = 'small fixed list';
  else if (hasEarlyExit(loop, body)) facts.sequential = 'early exit';
  else if (isRateLimited(body)) facts.sequential = 'rate-limited';
  else if (isTransactional(loop, body)) facts.sequential = 'transaction';
  else if (isChunked(collection, itemNames)) facts.sequential = 'chunked batches';
  else if (carriesState(body, localNames)) facts.sequential = 'uses the previous iteration';
  return facts;
}
