/**
 * In-process capture for `NODE_OPTIONS=--require preload.js` (npm scripts, test runners, any command
 * line): a `node:inspector` Session in each node process profiles CPU and heap and writes one
 * profile per process (pid in the name) when the process exits, or on SIGINT/SIGTERM when nobody
 * else handles them. Session responses are synchronous, so this works inside `process.on('exit')`.
 */
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface InProcessOptions {
  dir: string;
  intervalUs: number;
  heap: 'live' | 'churn' | 'off';
  heapSamplingBytes: number;
}

export function processProfileBase(argv: readonly string[], pid: number, startedAt: Date): string {
  const script = argv[1] ? basename(argv[1]).replace(/\.[^.]+$/, '') : 'node';
  const safe = script.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60) || 'node';
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  return `${safe}-${stamp}-pid${pid}`;
}

export function startInProcessCapture(options: InProcessOptions): void {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Record<string, unknown> => {
    let result: Record<string, unknown> = {};
    let error: Error | null = null;
    session.post(method, params ?? {}, (err, res) => {
      error = err;
      result = (res ?? {}) as Record<string, unknown>;
    });
    if (error) throw error;
    return result;
  };
  const startedAt = new Date();
  post('Profiler.enable');
  post('Profiler.setSamplingInterval', { interval: options.intervalUs });
  if (options.heap !== 'off') {
    post('HeapProfiler.enable');
    post('HeapProfiler.startSampling', {
      samplingInterval: options.heapSamplingBytes,
      includeObjectsCollectedByMajorGC: options.heap === 'churn',
      includeObjectsCollectedByMinorGC: options.heap === 'churn',
    });
  }
  post('Profiler.start');

  let flushed = false;
  const flush = (reason: string, code: number | null, signal: string | null): void => {
    if (flushed) return;
    flushed = true;
    try {
      mkdirSync(options.dir, { recursive: true });
      const base = join(options.dir, processProfileBase(process.argv, process.pid, startedAt));
      const cpu = post('Profiler.stop').profile;
      if (cpu) writeFileSync(`${base}.cpuprofile`, JSON.stringify(cpu));
      if (options.heap !== 'off') {
        const heap = post('HeapProfiler.stopSampling').profile;
        if (heap) writeFileSync(`${base}.heapprofile`, JSON.stringify(heap));
      }
      const info = { pid: process.pid, ppid: process.ppid, argv: process.argv, execArgv: process.execArgv, cwd: process.cwd(), startedAt: startedAt.toISOString(), reason, code, signal, heapMode: options.heap };
      writeFileSync(`${base}.process.json`, JSON.stringify(info, null, 2));
    } catch (err) {
      process.stderr.write(`perflens: could not write the profile of pid ${process.pid}: ${(err as Error).message}\n`);
    } finally {
      session.disconnect();
    }
  };

  process.on('exit', (code) => flush(code === 0 ? 'completed' : 'exit-code', code, null));
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Another listener owns this signal (it usually ends with process.exit, which flushes): stay out.
      if (process.listenerCount(sig) > 1) return;
      flush('signal', null, sig);
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}
