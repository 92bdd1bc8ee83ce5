/**
 * quadratic-loop: O(n·m) work hidden in loops over input-sized collections — linear searches
 * (`includes/indexOf/find/findIndex/some/filter`) over another input-sized array per item (also
 * through a helper function), nested join loops, `splice/shift/unshift` in a loop, and
 * accumulators that copy themselves every step (`[...acc, x]`, `{ ...acc }`, `a = a.concat(x)`).
 * Quiet on strings, Sets, small literal or constant arrays, fixed grids and an item's own children.
 */
import { ts } from 'ts-morph';
import type { Rule, RuleContext } from './rule';
import { checkHelperCall, linearSearchSite, mayBeLinearSearch, reportLinearSearch, type HelperScan } from './util/quadratic-search';
import { checkNestedLoop, checkShifting } from './util/quadratic-nested';
import { checkAccumulatorSpread, checkConcatInLoop } from './util/quadratic-accumulate';
import { calleeName } from './util/syntax';
import { withCallerSizing } from './util/collections';

const SHIFT_OR_CONCAT = new Set(['splice', 'shift', 'unshift', 'concat']);

function check(ctx: RuleContext): void {
  // parameters count as input-sized unless every visible caller passes a small fixed list
  withCallerSizing(ctx.project, () => checkFile(ctx));
}

function checkFile(ctx: RuleContext): void {
  const helperCache = new Map<ts.Node, HelperScan[]>();
  for (const node of ctx.nodes(ts.SyntaxKind.CallExpression)) {
    const call = node as ts.CallExpression;
    const name = calleeName(call);
    if (!name) continue;
    // syntax first: asking ctx.checker creates the program's type checker
    const site = mayBeLinearSearch(call) ? linearSearchSite(call, ctx.checker) : undefined;
    if (site) {
      reportLinearSearch(ctx, site);
      continue;
    }
    if (SHIFT_OR_CONCAT.has(name)) {
      if (name === 'concat') checkConcatInLoop(ctx, call);
      else checkShifting(ctx, call);
      continue;
    }
    checkNestedLoop(ctx, call);
    checkHelperCall(ctx, call, helperCache);
  }
  for (const kind of [ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForStatement]) {
    for (const node of ctx.nodes(kind)) checkNestedLoop(ctx, node);
  }
  for (const kind of [ts.SyntaxKind.SpreadElement, ts.SyntaxKind.SpreadAssignment]) {
    for (const node of ctx.nodes(kind)) checkAccumulatorSpread(ctx, node as ts.SpreadElement | ts.SpreadAssignment);
  }
}

export const quadraticLoop: Rule = {
  id: 'quadratic-loop',
  meta: {
    severity: 'warning',
    requiresTypes: true,
    fix: 'safe',
    description: 'Linear searches, nested joins, splice/shift and copying accumulators inside loops over input-sized collections (O(n·m))',
  },
  docs: {
    why:
      '`includes`, `indexOf`, `find`, `some` and `filter` walk the whole array. Inside a loop over another input-sized ' +
      'collection that is n·m steps: 5,000 users against 5,000 orders is 25 million comparisons, where a `Set` or a `Map` ' +
      'built once before the loop answers each lookup in O(1). The same holds for an inner loop that searches for the ' +
      "outer item's match, for `splice`/`shift`/`unshift` (each moves the rest of the array), and for accumulators that " +
      'copy themselves on every step (`[...acc, x]`, `{ ...acc, [k]: v }`, `a = a.concat(x)`): each step copies everything ' +
      'gathered so far. `shift()` counts in a work queue that grows while it is consumed, or in a loop over an ' +
      'input-sized collection; draining a short list such as CLI arguments does not. PerfLens stays quiet on strings, Sets, small literal or module-level constant arrays, loops with ' +
      "small fixed bounds and an item's own children (`for (const item of order.items)`).",
    bad: [
      `export function activeUsers(users: { id: string }[], bannedIds: string[]) {
  return users.filter((u) => !bannedIds.includes(u.id));
}
`,
      `interface Order { id: string; userId: string }
interface User { id: string; name: string }
export function withLastOrder(users: User[], orders: Order[]) {
  return users.map((u) => ({ ...u, order: orders.find((o) => o.userId === u.id) }));
}
`,
      `export function indexById(rows: { id: string }[]) {
  return rows.reduce((acc, row) => ({ ...acc, [row.id]: row }), {} as Record<string, { id: string }>);
}
`,
      `interface TreeNode { id: string; children: TreeNode[] }
export function ids(root: TreeNode) {
  const out: string[] = [];
  const queue: TreeNode[] = [root];
  while (queue.length > 0) {
    const node = queue.shift()!;
    out.push(node.id);
    for (const child of node.children) queue.push(child);
  }
  return out;
}
`,
    ],
    good: [
      `export function activeUsers(users: { id: string }[], bannedIds: string[]) {
  const banned = new Set(bannedIds);
  return users.filter((u) => !banned.has(u.id));
}
`,
      `interface Order { id: string; userId: string }
interface User { id: string; name: string }
export function withLastOrder(users: User[], orders: Order[]) {
  const orderByUser = new Map(orders.map((o) => [o.userId, o] as const));
  return users.map((u) => ({ ...u, order: orderByUser.get(u.id) }));
}
`,
      `export function indexById(rows: { id: string }[]) {
  const byId: Record<string, { id: string }> = {};
  for (const row of rows) byId[row.id] = row;
  return byId;
}
`,
    ],
    lookAlikes: [
      `const ROLES = ['admin', 'owner', 'editor'];
export function admins(users: { role: string; name: string }[]) {
  return users.filter((u) => ROLES.includes(u.role) && u.name.includes('@'));
}
`,
      `export function skus(orders: { items: { sku: string }[] }[]) {
  const out: string[] = [];
  for (const order of orders) {
    for (const item of order.items) out.push(item.sku);
  }
  return out;
}
`,
      `export function blur(grid: number[][]) {
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < 3; x++) grid[y]![x] = 0;
  }
}
`,
      `export function parseArgs(argv: string[]) {
  const args = argv.slice();
  const flags: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a.startsWith('--')) flags.push(a.slice(2));
  }
  return flags;
}
`,
      `export function tagged(posts: { id: string }[], tagged: Set<string>) {
  return posts.filter((p) => tagged.has(p.id));
}
`,
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForStatement, ts.SyntaxKind.SpreadElement, ts.SyntaxKind.SpreadAssignment],
  check,
};
