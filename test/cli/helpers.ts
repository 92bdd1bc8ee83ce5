/** Shared by the CLI tests: run the built CLI as a real process, make throw-away fixture dirs. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ts } from 'ts-morph';
import type { Rule } from '../../server/src/rules/rule';

export const REPO = resolve(__dirname, '../..');
export const BIN = join(REPO, 'bin', 'perflens.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node bin/perflens.js <args>` in `cwd`; needs `npm run build` (npm test builds first). */
export function perflens(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) throw new Error('dist/cli.js missing: run `npm run build` first');
  const base = { ...process.env };
  delete base.FORCE_COLOR;
  delete base.NO_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp dir holding `files` (path → text or bytes). */
export function fixtureDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'perflens-cli-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/**
 * A small rule of the tests' own, so reporter shapes and the fix pipeline are tested through the real
 * engine whatever state the product rules are in: it flags `debugger;` statements, relates the
 * enclosing function, and offers a safe fix that deletes the statement.
 */
export const debuggerRule: Rule = {
  id: 'loop-invariant',
  meta: { severity: 'warning', requiresTypes: false, fix: 'safe', description: 'test rule: debugger statements' },
  docs: { why: 'test rule', bad: [], good: [], lookAlikes: [] },
  kinds: [ts.SyntaxKind.DebuggerStatement],
  check(ctx) {
    for (const node of ctx.nodes(ts.SyntaxKind.DebuggerStatement)) {
      let fn: ts.Node | undefined = node.parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      const start = node.getStart(ctx.sourceFile);
      ctx.report(node, '`debugger` pauses every request — remove it', {
        related: fn ? [{ node: fn, message: 'in this function' }] : [],
        fixes: [{ title: 'Remove `debugger`', kind: 'safe', edits: [{ file: ctx.fileName, start, end: node.end, newText: '' }] }],
      });
    }
  },
};
