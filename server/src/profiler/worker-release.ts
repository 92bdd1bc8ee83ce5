/**
 * Worker threads of a process started with `--inspect-brk` wait for a debugger before they run, like
 * the main thread: without this, a script that starts a worker and waits for its result never ends
 * under the profiler. Each worker is attached through the NodeWorker domain (which reports workers of
 * workers too) and released with `Runtime.runIfWaitingForDebugger`. Their CPU time is not in the
 * profile, which samples the main thread; `count` lets the run say so.
 */
import type { InspectorClient } from './inspector-client';

export class WorkerReleaser {
  /** worker threads started during the run, at any depth */
  count = 0;

  constructor(private readonly client: InspectorClient) {
    client.on('NodeWorker.attachedToWorker', (p) => {
      this.count++;
      const message = JSON.stringify({ id: 1, method: 'Runtime.runIfWaitingForDebugger', params: {} });
      void client.send('NodeWorker.sendMessageToWorker', { sessionId: String(p.sessionId), message }).catch(() => undefined);
    });
  }

  /** To send with the capture's setup, before the script runs. */
  enable(): Promise<unknown> {
    return this.client.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }
}
