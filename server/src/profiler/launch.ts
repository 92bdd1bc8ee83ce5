/**
 * Starts the runtime with the inspector on an ephemeral 127.0.0.1 port and finds the WebSocket URL
 * in its stderr. The inspector's own chatter ("Debugger listening…", "Waiting for the debugger to
 * disconnect…") is removed from the stderr the user sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PerfLensError } from '../engine/errors';

const INSPECTOR_NOISE = [
  'Debugger listening on ws://',
  'For help, see: https://nodejs.org/en/docs/inspector',
  'Debugger attached.',
  'Waiting for the debugger to disconnect...',
  'Debugger ending on ws://',
];

export interface LaunchOptions {
  runtime: string;
  /** flags placed before the inspector flag is added (e.g. --require preload) */
  runtimeArgs: string[];
  script: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /** give the script our stdin (a pipe or file: `cat data.json | perflens profile transform.js`); default: none */
  inheritStdin?: boolean;
}

export interface Launched {
  child: ChildProcess;
  wsUrl: string;
  /** resolves when the process has exited (never rejects) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** resolves when stdout and stderr have ended (a forked grandchild may hold them open: race it) */
  outputDone: Promise<void>;
}

/** Removes inspector lines from a stream of stderr chunks, holding back only a partial line that could become one. */
export class StderrFilter {
  private pending = '';
  constructor(private readonly emit: (text: string) => void) {}

  push(chunk: string): void {
    const text = this.pending + chunk;
    this.pending = '';
    const lines = text.split('\n');
    const last = lines.pop() ?? '';
    const kept = lines.filter((l) => !isNoise(l)).map((l) => l + '\n');
    if (last && INSPECTOR_NOISE.some((n) => n.startsWith(last) || last.startsWith(n))) this.pending = last;
    else if (last) kept.push(last);
    if (kept.length) this.emit(kept.join(''));
  }

  flush(): void {
    if (this.pending && !isNoise(this.pending)) this.emit(this.pending);
    this.pending = '';
  }
}

function isNoise(line: string): boolean {
  const l = line.replace(/\r$/, '');
  return INSPECTOR_NOISE.some((n) => l.startsWith(n));
}

export function launchInspected(options: LaunchOptions, startTimeoutMs = 15_000): Promise<Launched> {
  const argv = ['--inspect-brk=127.0.0.1:0', ...options.runtimeArgs, options.script, ...options.args];
  const child = spawn(options.runtime, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.inheritStdin ? 'inherit' : 'ignore', 'pipe', 'pipe'],
    // Own process group, so a timeout or cancel can stop children the script forked too.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const ended = (s: NodeJS.ReadableStream) => new Promise<void>((r) => (s.once('end', r), s.once('close', r)));
  const outputDone = Promise.all([ended(child.stdout!), ended(child.stderr!)]).then(() => undefined);
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => options.onStdout?.(d));
  const filter = new StderrFilter((t) => options.onStderr?.(t));
  child.stderr!.on('end', () => filter.flush());

  return new Promise<Launched>((resolve, reject) => {
    let seen = '';
    let found = false;
    const timer = setTimeout(() => fail(new PerfLensError('PL3003', `the runtime did not open the inspector within ${startTimeoutMs} ms`)), startTimeoutMs);
    function fail(err: Error): void {
      if (found) return;
      found = true;
      clearTimeout(timer);
      killTree(child, 'SIGKILL');
      reject(err);
    }
    child.once('error', (err) => fail(new PerfLensError('PL3003', `could not start "${options.runtime}": ${err.message}`)));
    child.once('exit', (code, signal) => {
      fail(new PerfLensError('PL3003', `"${options.runtime}" exited (${signal ?? `code ${code}`}) before the inspector started${seen ? `: ${seen.trim().slice(0, 2000)}` : ''}`));
    });
    child.stderr!.on('data', (d: string) => {
      if (!found) {
        seen += d;
        const m = /Debugger listening on (ws:\/\/\S+)/.exec(seen);
        if (m) {
          found = true;
          clearTimeout(timer);
          resolve({ child, wsUrl: m[1]!, exited, outputDone });
        }
      }
      filter.push(d);
    });
  });
}

/** Signals the whole process group (the script and anything it forked); falls back to the child alone. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
