/**
 * Optional profiler backends behind the same CLI: `inspector` (built in, line-level, source-mapped),
 * and, when the user has them installed, `v8-profiler-next` (in-process native addon, function-level,
 * 1-based lines), `0x` and `clinic flame` (function-level flame graphs; they ignore source maps and
 * pick the wrong isolate for TS run through `--import tsx`). We never install them.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { killTree } from './launch';

export type BackendId = 'inspector' | 'v8-profiler-next' | '0x' | 'clinic';
export const BACKEND_IDS: readonly BackendId[] = ['inspector', 'v8-profiler-next', '0x', 'clinic'];

export interface BackendStatus {
  id: BackendId;
  available: boolean;
  /** the module or executable found, or why it is unavailable */
  detail: string;
  granularity: 'line' | 'function';
}

export function detectBackends(cwd: string, env: NodeJS.ProcessEnv = process.env): BackendStatus[] {
  const v8pn = resolveModule('v8-profiler-next', cwd);
  const zeroX = findExecutable('0x', cwd, env);
  const clinic = findExecutable('clinic', cwd, env);
  return [
    { id: 'inspector', available: true, detail: 'built in (V8 inspector protocol, no native addon)', granularity: 'line' },
    { id: 'v8-profiler-next', available: !!v8pn, detail: v8pn ?? 'not installed (npm i -D v8-profiler-next; it compiles a native addon)', granularity: 'function' },
    { id: '0x', available: !!zeroX, detail: zeroX ?? 'not installed (npm i -D 0x)', granularity: 'function' },
    { id: 'clinic', available: !!clinic, detail: clinic ?? 'not installed (npm i -D clinic; unmaintained)', granularity: 'function' },
  ];
}

function resolveModule(name: string, cwd: string): string | undefined {
  for (const base of [cwd, __dirname]) {
    try {
      return require.resolve(name, { paths: [base] });
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** node_modules/.bin of the project (and its parents), then PATH. */
export function findExecutable(name: string, cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs: string[] = [];
  for (let d = resolve(cwd); ; d = dirname(d)) {
    dirs.push(join(d, 'node_modules', '.bin'));
    if (dirname(d) === d) break;
  }
  dirs.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

export interface ExternalRunOptions {
  script: string;
  args: string[];
  cwd: string;
  outDir: string;
  runtime: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

export interface ExternalRunResult {
  ok: boolean;
  /** the flame graph page the tool wrote */
  artifact?: string;
  message: string;
  code: number | null;
}

/** Runs 0x or clinic flame non-interactively and finds the flame graph page it wrote. */
export async function runExternalBackend(id: '0x' | 'clinic', executable: string, o: ExternalRunOptions): Promise<ExternalRunResult> {
  mkdirSync(o.outDir, { recursive: true });
  const dest = join(o.outDir, `${id}-${Date.now()}`);
  const argv = id === '0x' ? ['--output-dir', dest, '--', o.runtime, o.script, ...o.args] : ['flame', '--dest', dest, '--open=false', '--', o.runtime, o.script, ...o.args];
  const env = { ...process.env, NO_INSIGHT: '1', NO_UPDATE_NOTIFIER: '1', CI: process.env.CI ?? '1' };
  const child = spawn(executable, argv, { cwd: o.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
  child.stdout.setEncoding('utf8').on('data', (d: string) => o.onStdout?.(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => o.onStderr?.(d));
  const stop = (): void => killTree(child, 'SIGINT');
  const timer = o.timeoutMs ? setTimeout(stop, o.timeoutMs) : undefined;
  o.signal?.addEventListener('abort', stop, { once: true });
  const code = await new Promise<number | null>((r) => {
    child.once('exit', (c) => r(c));
    child.once('error', () => r(null));
  });
  if (timer) clearTimeout(timer);
  o.signal?.removeEventListener('abort', stop);
  const artifact = findHtml(dest);
  if (artifact) return { ok: true, artifact, code, message: `${id} wrote ${artifact} (function-level; source maps are not applied)` };
  return { ok: false, code, message: `${id} failed (exit code ${code}) and wrote no flame graph; the built-in inspector backend works without it` };
}

function findHtml(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.html')) return p;
    }
  }
  return undefined;
}

/** Version of an installed module, for the help text. */
export function moduleVersion(mainPath: string): string | undefined {
  for (let d = dirname(mainPath); dirname(d) !== d; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
