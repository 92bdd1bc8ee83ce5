/**
 * Runs a script under the V8 inspector from this (parent) process and collects a CPU profile and a
 * sampled heap profile. The script's end is detected with `NodeRuntime.waitingForDisconnect`: with a
 * session attached, node keeps the process alive after the script finishes (normally, through
 * `process.exit`, or an uncaught exception), so `Profiler.stop` still works. Timeout and cancel
 * collect first, then stop the process group: what ran is always kept.
 */
import { PerfLensError } from '../engine/errors';
import { InspectorClient } from './inspector-client';
import { killTree, launchInspected, type Launched } from './launch';
import { WorkerReleaser } from './worker-release';
import { repairHeapFrames } from './heap-frames';
import type { ScriptInfo, V8CpuProfile, V8HeapProfile } from './v8-types';

export type HeapMode = 'live' | 'churn';
export type ExitReason = 'completed' | 'exit-code' | 'signal' | 'timeout' | 'cancelled';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  reason: ExitReason;
  /** one sentence for the user */
  message: string;
}

export interface CaptureOptions {
  /** executable; default: this node when we are node, else `node` from PATH */
  runtime?: string;
  /** extra runtime flags, placed before the script (e.g. --require <preload>) */
  runtimeArgs?: string[];
  script: string;
  args?: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** CPU sampling interval in µs (default 1000) */
  samplingIntervalUs?: number;
  /** heap sampling: `live` = objects still alive at the end (default), `churn` = every sampled allocation, false = off */
  heap?: HeapMode | false;
  /** average bytes between heap samples (default 32 KiB) */
  heapSamplingBytes?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** record `Debugger.scriptParsed` source map URLs (needed for in-memory transforms such as the TS loader) */
  collectScripts?: boolean;
  /** file URLs of worker threads that our own code in the process starts (not the script's) */
  ownWorkerUrls?: string[];
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
  /**
   * Give the script this process's stdin. Only for a pipe or file: the script runs in its own process
   * group, and reading a terminal from there would stop it (SIGTTIN). Never in the language server,
   * whose stdin is the LSP channel.
   */
  inheritStdin?: boolean;
  /**
   * Called with the profiles as soon as they are collected, before waiting for the process to exit:
   * node's teardown after the debugger leaves takes tens of ms (measured 30-75 ms here), and work
   * done in this callback (tables, saving) overlaps it.
   */
  onCollected?: (collected: CollectedProfiles) => void;
}

export interface CollectedProfiles {
  cpuProfile?: V8CpuProfile;
  heapProfile?: V8HeapProfile;
  scripts: ScriptInfo[];
}

export interface CaptureResult {
  cpuProfile?: V8CpuProfile;
  heapProfile?: V8HeapProfile;
  heapMode?: HeapMode;
  scripts: ScriptInfo[];
  exit: ExitInfo;
  /** wall ms from releasing the script to collecting the profiles */
  durationMs: number;
  /** wall ms from spawn to the script starting (inspector attach and setup) */
  startupMs: number;
  warnings: string[];
}

export const DEFAULT_SAMPLING_INTERVAL_US = 1000;
export const DEFAULT_HEAP_SAMPLING_BYTES = 32 * 1024;

export function defaultRuntime(): string {
  return process.versions.electron ? 'node' : process.execPath;
}

type EndCause = 'finished' | 'timeout' | 'cancelled' | 'died';

export async function captureProfile(options: CaptureOptions): Promise<CaptureResult> {
  const warnings: string[] = [];
  const spawnedAt = performance.now();
  const launched = await launchInspected({
    runtime: options.runtime ?? defaultRuntime(),
    runtimeArgs: options.runtimeArgs ?? [],
    script: options.script,
    args: options.args ?? [],
    cwd: options.cwd,
    env: options.env,
    onStdout: options.onStdout,
    onStderr: options.onStderr,
    inheritStdin: options.inheritStdin,
  });
  let client: InspectorClient;
  try {
    client = await InspectorClient.connect(launched.wsUrl);
  } catch (err) {
    killTree(launched.child, 'SIGKILL');
    throw new PerfLensError('PL3003', (err as Error).message);
  }

  const scripts = new Map<string, ScriptInfo>();
  let finished!: () => void;
  const finishedSignal = new Promise<void>((r) => (finished = r));
  client.on('NodeRuntime.waitingForDisconnect', () => finished());
  if (options.collectScripts !== false) {
    client.on('Debugger.scriptParsed', (p) => {
      const url = String(p.url ?? '');
      if (!url || url.startsWith('node:')) return;
      const sourceMapURL = typeof p.sourceMapURL === 'string' && p.sourceMapURL ? p.sourceMapURL : undefined;
      scripts.set(String(p.scriptId), { scriptId: String(p.scriptId), url, sourceMapURL });
    });
  }

  const workers = new WorkerReleaser(client, options.ownWorkerUrls);
  const heap = options.heap ?? 'live';
  try {
    // Sent together, not one round trip at a time: the inspector handles them in order, so the
    // script is released only after the profilers started. No Runtime.enable: its console and
    // exception events would cost the script CPU for every console.log, and nothing here reads them.
    const setup: Promise<unknown>[] = [];
    if (options.collectScripts !== false) {
      setup.push(client.send('Debugger.enable'));
      // A profiler never wants to stop: not on a user's `debugger;` statement, and not on the first
      // statement as --inspect-brk does (measured: that pause cost the quadratic sample 35-45 ms,
      // ~20%, and with the Debugger on it hid an ES module's top-level code from the CPU profiler).
      // Without the pause V8 may collect a script whose functions all died (a small entry script):
      // heap-frames.ts then finds the frames' url and line again.
      setup.push(client.send('Debugger.setSkipAllPauses', { skip: true }));
    }
    setup.push(client.send('Profiler.enable'));
    setup.push(client.send('Profiler.setSamplingInterval', { interval: options.samplingIntervalUs ?? DEFAULT_SAMPLING_INTERVAL_US }));
    if (heap) {
      setup.push(client.send('HeapProfiler.enable'));
      setup.push(
        client.send('HeapProfiler.startSampling', {
          samplingInterval: options.heapSamplingBytes ?? DEFAULT_HEAP_SAMPLING_BYTES,
          includeObjectsCollectedByMajorGC: heap === 'churn',
          includeObjectsCollectedByMinorGC: heap === 'churn',
        }),
      );
    }
    setup.push(workers.enable());
    setup.push(client.send('NodeRuntime.notifyWhenWaitingForDisconnect', { enabled: true }));
    setup.push(client.send('Profiler.start'));
    setup.push(client.send('Runtime.runIfWaitingForDebugger'));
    await Promise.all(setup);
  } catch (err) {
    client.close();
    killTree(launched.child, 'SIGKILL');
    throw new PerfLensError('PL3003', `inspector setup failed: ${(err as Error).message}`);
  }
  const startedAt = performance.now();

  const stopReleasing = keepReleasing(client);
  const cause = await waitForEnd(launched, finishedSignal, options);
  stopReleasing();
  const durationMs = performance.now() - startedAt;
  const collected = await collect(client, heap !== false, warnings);
  if (collected.heapProfile) repairHeapFrames(collected.heapProfile, collected.cpuProfile, [...scripts.values()]);
  if (workers.count > 0) warnings.push(`the script started ${workers.count} worker thread${workers.count === 1 ? '' : 's'}; the profile samples the main thread only, so their CPU time is not in it`);
  client.close();
  const stopping = cause === 'timeout' || cause === 'cancelled' ? stopProcess(launched) : undefined;
  try {
    options.onCollected?.({ ...collected, scripts: [...scripts.values()] });
  } finally {
    await stopping;
  }
  const status = await launched.exited;
  await Promise.race([launched.outputDone, new Promise((r) => setTimeout(r, 500).unref())]);
  return {
    ...collected,
    heapMode: collected.heapProfile ? (heap as HeapMode) : undefined,
    scripts: [...scripts.values()],
    exit: describeExit(cause, status.code, status.signal, options.timeoutMs),
    durationMs,
    startupMs: startedAt - spawnedAt,
    warnings,
  };
}

/**
 * Node can miss a `Runtime.runIfWaitingForDebugger` that arrives while it is still starting up
 * (seen here: a script that never started, its process waiting for the debugger, the inspector
 * answering). Sent again it releases the script; when the script already runs it is a no-op. So
 * it is repeated, more and more rarely, until the run ends.
 */
export function keepReleasing(client: InspectorClient): () => void {
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;
  const again = (): void => {
    if (!client.isOpen) return;
    void client.send('Runtime.runIfWaitingForDebugger').catch(() => undefined);
    delay = Math.min(delay * 2, 2000);
    timer = setTimeout(again, delay).unref();
  };
  timer = setTimeout(again, delay).unref();
  return () => clearTimeout(timer);
}

function waitForEnd(launched: Launched, finishedSignal: Promise<void>, options: CaptureOptions): Promise<EndCause> {
  return new Promise<EndCause>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let onAbort: (() => void) | undefined;
    const done = (c: EndCause) => {
      for (const t of timers) clearTimeout(t);
      if (onAbort) options.signal?.removeEventListener('abort', onAbort);
      resolve(c);
    };
    void finishedSignal.then(() => done('finished'));
    void launched.exited.then(() => done('died'));
    if (options.timeoutMs !== undefined && options.timeoutMs > 0) timers.push(setTimeout(() => done('timeout'), options.timeoutMs));
    if (options.signal) {
      if (options.signal.aborted) return done('cancelled');
      onAbort = () => done('cancelled');
      options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

async function collect(client: InspectorClient, withHeap: boolean, warnings: string[]): Promise<{ cpuProfile?: V8CpuProfile; heapProfile?: V8HeapProfile }> {
  const out: { cpuProfile?: V8CpuProfile; heapProfile?: V8HeapProfile } = {};
  if (!client.isOpen) {
    warnings.push('the process ended before the profile could be collected (killed by a signal?)');
    return out;
  }
  // Both requests at once: one round trip instead of two (the inspector answers them in order).
  const [cpu, heap] = await Promise.allSettled([
    withTimeout(client.send<{ profile: V8CpuProfile }>('Profiler.stop'), 30_000, 'Profiler.stop'),
    withHeap ? withTimeout(client.send<{ profile: V8HeapProfile }>('HeapProfiler.stopSampling'), 30_000, 'HeapProfiler.stopSampling') : undefined,
  ]);
  if (cpu.status === 'fulfilled') out.cpuProfile = cpu.value.profile;
  else warnings.push(`CPU profile not collected: ${(cpu.reason as Error).message}`);
  if (heap.status === 'fulfilled') out.heapProfile = heap.value?.profile;
  else warnings.push(`heap profile not collected: ${(heap.reason as Error).message}`);
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}

/** SIGTERM the group, SIGKILL if it is still there after a grace period. */
async function stopProcess(launched: Launched): Promise<void> {
  killTree(launched.child, 'SIGTERM');
  const grace = new Promise<'late'>((r) => setTimeout(() => r('late'), 2000).unref());
  if ((await Promise.race([launched.exited.then(() => 'gone' as const), grace])) === 'late') killTree(launched.child, 'SIGKILL');
}

export function describeExit(cause: EndCause, code: number | null, signal: string | null, timeoutMs?: number): ExitInfo {
  if (cause === 'timeout') return { code, signal, reason: 'timeout', message: `stopped after the ${((timeoutMs ?? 0) / 1000).toFixed(1)} s timeout; the profile covers what ran until then` };
  if (cause === 'cancelled') return { code, signal, reason: 'cancelled', message: 'cancelled; the profile covers what ran until then' };
  if (signal) return { code, signal, reason: 'signal', message: `the script was killed by ${signal}` };
  if (code !== 0) return { code, signal, reason: 'exit-code', message: `the script exited with code ${code}` };
  return { code, signal, reason: 'completed', message: 'the script completed' };
}
