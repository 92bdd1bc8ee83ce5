/**
 * Worker threads of a process started with `--inspect-brk` wait for a debugger before they run, like
 * the main thread: without this, a script that starts a worker and waits for its result never ends
 * under the profiler. Each worker is attached through the NodeWorker domain (which reports workers of
 * workers too) and released with `Runtime.runIfWaitingForDebugger`. Their CPU time is not in the
 * profile, which samples the main thread; `count` lets the run say so.
 */
import type { InspectorClient } from './inspector-client';

export class WorkerReleaser {
  /** the script's worker threads started during the run, at any depth (not node's or our loader's own) */
  count = 0;

  /** `ownUrls`: entry files of workers that are ours (esbuild's transformSync runs one for the TS loader) */
  constructor(private readonly client: InspectorClient, ownUrls: readonly string[] = []) {
    client.on('NodeWorker.attachedToWorker', (p) => {
      const url = String((p.workerInfo as { url?: unknown } | undefined)?.url ?? '');
      // node's own: the ESM loader's hooks thread (node:internal/modules/esm/worker)
      if (!url.startsWith('node:') && !ownUrls.includes(url)) this.count++;
      const message = JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger', params: {} });
      void client.send('NodeWorker.sendMessageToWorker', { sessionId: String(p.sessionId), message }).catch(() => undefined);
    });
  }

  /** To send with the capture's setup, before the script runs. */
  enable(): Promise<unknown> {
    return this.client.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }
}
