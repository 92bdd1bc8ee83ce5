/**
 * How a value built in a loop is used afterwards — the question behind "can it be shared across
 * iterations?": a clone that is only read can be made once; a RegExp whose `lastIndex` state is
 * used (exec/test with `g`/`y`) cannot.
 */
import { ts } from 'ts-morph';
import { calleeName, dottedName, skipOuter } from './syntax';
import { isAssignment, MUTATING_METHODS, referencesTo } from './dataflow';

function outerParens(node: ts.Node): ts.Node {
  let top = node;
  while (ts.isParenthesizedExpression(top.parent)) top = top.parent;
  return top;
}

/** Calls that read their argument without keeping or changing it. */
const READING_CALLS = new Set(['JSON.stringify', 'String', 'Number', 'Boolean', 'encodeURIComponent', 'parseInt', 'parseFloat', 'isNaN', 'Number.isFinite', 'Array.isArray']);
const READING_CALL_PREFIXES = ['console.', 'Math.'];
/** Methods whose result is a primitive or a fresh value without the receiver's objects. */
const PRIMITIVE_METHODS = new Set(['includes', 'indexOf', 'lastIndexOf', 'some', 'every', 'join', 'toString', 'toFixed', 'startsWith', 'endsWith', 'has', 'test', 'trim', 'toLowerCase', 'toUpperCase', 'localeCompare', 'charAt', 'padStart', 'padEnd', 'hasOwnProperty', 'keys']);
/** Methods whose result holds the receiver's objects: follow the result. */
const PASS_THROUGH_METHODS = new Set(['find', 'findLast', 'at', 'filter', 'slice', 'get', 'values', 'flat']);

function isReadingCall(call: ts.CallExpression): boolean {
  const callee = dottedName(call.expression);
  return !!callee && (READING_CALLS.has(callee) || READING_CALL_PREFIXES.some((p) => callee.startsWith(p)));
}

/**
 * Is the value at `node` only read? It may be compared, printed, stringified, have its fields read
 * (recursively, through `const x = value.a.b`), but never assigned into, mutated, handed to other
 * code, stored, returned or iterated (an element could be changed by whoever receives it).
 */
export function onlyRead(node: ts.Node, checker: ts.TypeChecker, depth = 0, shape?: ts.Type): boolean {
  if (depth > 4) return false;
  let cur: ts.Node = outerParens(node);
  // `shape`: the type of the value when its own type says nothing (JSON.parse returns any)
  let t = shape;
  // walk up property reads: value.a.b[c]
  for (;;) {
    const p = cur.parent;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === cur) {
      const next = outerParens(p);
      const call = next.parent;
      if (ts.isCallExpression(call) && call.expression === next && ts.isPropertyAccessExpression(p)) {
        const m = p.name.text;
        if (MUTATING_METHODS.has(m)) return false;
        if (PRIMITIVE_METHODS.has(m)) return true;
        if (PASS_THROUGH_METHODS.has(m)) {
          t = t && (m === 'filter' || m === 'slice' ? t : elementType(t, checker));
          cur = outerParens(call);
          continue;
        }
        return false;
      }
      t = t && (ts.isPropertyAccessExpression(p) ? propertyType(t, p.name.text, checker) : elementType(t, checker));
      cur = next;
      continue;
    }
    break;
  }
  const p = cur.parent;
  if (!p) return false;
  // a primitive read out of the value cannot change it, whatever happens to it next
  if (cur !== outerParens(node) && !isWriteTarget(cur) && isPrimitive(cur, t, checker)) return true;
  // assigned into (mutation) or stored somewhere (shared)
  if (isAssignment(p)) {
    const op = p.operatorToken.kind;
    const handsOn = op === ts.SyntaxKind.EqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.AmpersandAmpersandEqualsToken;
    return p.right === cur && !handsOn; // total += value.price reads a number
  }
  if (ts.isDeleteExpression(p) || ts.isPostfixUnaryExpression(p)) return false;
  if (ts.isPrefixUnaryExpression(p)) return p.operator !== ts.SyntaxKind.PlusPlusToken && p.operator !== ts.SyntaxKind.MinusMinusToken;
  if (ts.isTypeOfExpression(p) || ts.isTemplateSpan(p) || ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isSwitchStatement(p) || ts.isCaseClause(p)) return true;
  if (ts.isConditionalExpression(p)) return p.condition === cur;
  const bin: ts.Node = p;
  if (ts.isBinaryExpression(bin)) return bin.operatorToken.kind !== ts.SyntaxKind.CommaToken && !isValueOperator(bin.operatorToken.kind);
  if (ts.isCallExpression(p)) return p.expression !== cur && isReadingCall(p);
  if (ts.isVariableDeclaration(p) && p.initializer === cur && ts.isIdentifier(p.name)) {
    const scope = p.parent.parent?.parent;
    if (!scope) return false;
    return referencesTo(p, p.name.text, scope, checker).every((ref) => onlyRead(ref, checker, depth + 1, t));
  }
  return false;
}

function isWriteTarget(node: ts.Node): boolean {
  const p = node.parent;
  if (isAssignment(p) && p.left === node) return true;
  if (ts.isDeleteExpression(p) || ts.isPostfixUnaryExpression(p)) return true;
  return ts.isPrefixUnaryExpression(p) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken);
}

function propertyType(t: ts.Type, name: string, checker: ts.TypeChecker): ts.Type | undefined {
  const sym = t.getProperty(name);
  return sym ? checker.getTypeOfSymbol(sym) : undefined;
}

function elementType(t: ts.Type, checker: ts.TypeChecker): ts.Type | undefined {
  return checker.getIndexTypeOfType(t, ts.IndexKind.Number) ?? checker.getIndexTypeOfType(t, ts.IndexKind.String);
}

function isPrimitive(node: ts.Node, shape: ts.Type | undefined, checker: ts.TypeChecker): boolean {
  try {
    const own = checker.getTypeAtLocation(node);
    const t = own.flags & ts.TypeFlags.Any && shape ? shape : own;
    const parts = t.isUnion() ? t.types : [t];
    const primitive = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
    return parts.every((x) => (x.flags & primitive) !== 0);
  } catch {
    return false;
  }
}

/** `a || b`, `a ?? b`, `a && b` hand one operand on as the result: not a plain read. */
function isValueOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.AmpersandAmpersandToken;
}

export type RegexUse = 'stateless' | 'stateful' | 'escapes';

/** String methods that take a RegExp and reset or preserve its lastIndex themselves. */
const REGEX_CONSUMERS = new Set(['replace', 'replaceAll', 'match', 'matchAll', 'split', 'search']);

/**
 * How a constructed RegExp is used: by `str.replace(re, …)`-style consumers (stateless), by
 * `re.test/exec` (stateless only without g/y — the caller decides), `lastIndex` (stateful), or
 * handed elsewhere (escapes). Worst use wins.
 */
export function regexUses(construction: ts.Node, checker: ts.TypeChecker): { uses: RegexUse; usesExecOrTest: boolean } {
  const top = outerParens(construction);
  const p = top.parent;
  if (ts.isVariableDeclaration(p) && p.initializer === top && ts.isIdentifier(p.name)) {
    const list = p.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return { uses: 'escapes', usesExecOrTest: false };
    const scope = list.parent?.parent;
    if (!scope) return { uses: 'escapes', usesExecOrTest: false };
    let worst: RegexUse = 'stateless';
    let usesExecOrTest = false;
    for (const ref of referencesTo(p, p.name.text, scope, checker)) {
      const u = directUse(ref);
      if (u.execOrTest) usesExecOrTest = true;
      if (u.use === 'stateful' || (u.use === 'escapes' && worst === 'stateless')) worst = u.use;
    }
    return { uses: worst, usesExecOrTest };
  }
  const u = directUse(top);
  return { uses: u.use, usesExecOrTest: u.execOrTest };
}

function directUse(node: ts.Node): { use: RegexUse; execOrTest: boolean } {
  const top = outerParens(node);
  const p = top.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === top) {
    const name = p.name.text;
    if (name === 'lastIndex') return { use: 'stateful', execOrTest: false };
    if (name === 'test' || name === 'exec') return { use: 'stateless', execOrTest: true };
    if (name === 'source' || name === 'flags' || name === 'global' || name === 'ignoreCase' || name === 'multiline') return { use: 'stateless', execOrTest: false };
    if (name === 'toString') return { use: 'stateless', execOrTest: false };
    return { use: 'escapes', execOrTest: false };
  }
  if (ts.isCallExpression(p) && p.arguments[0] === top && REGEX_CONSUMERS.has(calleeName(p) ?? '') && ts.isPropertyAccessExpression(skipOuter(p.expression))) {
    return { use: 'stateless', execOrTest: false };
  }
  return { use: 'escapes', execOrTest: false };
}
