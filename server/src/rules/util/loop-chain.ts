/**
 * "Repeats with an input-sized count, and the thing is the same on every repetition": the loops
 * around a node in which an expression is invariant, and the one of them that makes it quadratic.
 */
import { ts } from 'ts-morph';
import { enclosingLoops, iteratedExpression, type LoopLike } from './loops';
import { invarianceIn } from './dataflow';
import { loopSize, type SizeClass } from './collections';
import { dottedName } from './syntax';

export interface LoopChain {
  /** loops around the node in which `expr` is invariant, innermost first */
  loops: LoopLike[];
  /** the outermost of them: hoisting goes before it */
  outermost: LoopLike;
  /** the outermost loop of the chain that runs an input-dependent number of times */
  repeating: LoopLike;
  repeatingSize: SizeClass;
  /** true when `expr` only calls side-effect-free code */
  pure: boolean;
}

/**
 * The chain of loops enclosing `node` (innermost first) in which `expr` keeps its value, or
 * undefined when there is none or when all of them run a fixed, small number of times.
 * `within` limits the search to loops that enclose node but are checked against expr.
 */
export function invariantLoopChain(
  expr: ts.Expression | readonly ts.Expression[],
  node: ts.Node,
  checker: ts.TypeChecker,
  loops: LoopLike[] = enclosingLoops(node),
  options: { ignoreElementWrites?: boolean } = { ignoreElementWrites: true },
): LoopChain | undefined {
  const chain: LoopLike[] = [];
  const exprs = Array.isArray(expr) ? (expr as readonly ts.Expression[]) : [expr as ts.Expression];
  let pure = true;
  for (const loop of loops) {
    // by default, writing an element (`rows[i] = …`) keeps an array's identity and length: still the same scan
    const results = exprs.map((e) => invarianceIn(e, loop, checker, options));
    const inv = { invariant: results.every((r) => r.invariant), pure: results.every((r) => r.pure) };
    if (!inv.invariant) break;
    pure &&= inv.pure;
    chain.push(loop);
  }
  if (!chain.length) return undefined;
  let repeating: LoopLike | undefined;
  let repeatingSize: SizeClass = 'fixed';
  for (const loop of chain) {
    const size = loopSize(loop, checker);
    if (size === undefined || size === 'fixed') continue;
    repeating = loop;
    repeatingSize = size;
  }
  if (!repeating) return undefined;
  return { loops: chain, outermost: chain[chain.length - 1]!, repeating, repeatingSize, pure };
}

/** "for each of `users`" / "on every iteration of the loop", for messages. */
export function describeLoop(loop: LoopLike): string {
  const it = iteratedExpression(loop);
  const name = it ? dottedName(it) : undefined;
  if (name) return `for each of \`${name}\``;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return 'on every iteration of the `while` loop';
  return 'on every iteration of the loop';
}
