/** A minimal Chrome DevTools Protocol client over the node inspector's WebSocket. */
import WebSocket from 'ws';

type EventHandler = (params: Record<string, unknown>) => void;

export class InspectorClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private readonly handlers = new Map<string, EventHandler[]>();
  private closed = false;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => this.failAll('inspector connection closed'));
    socket.on('error', (err) => this.failAll(`inspector connection error: ${err.message}`));
  }

  static connect(url: string, timeoutMs = 10_000): Promise<InspectorClient> {
    return new Promise((resolve, reject) => {
      // perMessageDeflate off: profiles are large JSON and deflate costs CPU on both sides.
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 31 - 1 });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`could not connect to the inspector at ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        resolve(new InspectorClient(socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === WebSocket.OPEN;
  }

  send<T = Record<string, unknown>>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    if (!this.isOpen) return Promise.reject(new Error(`inspector closed before ${method}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event: string, handler: EventHandler): void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler);
    this.handlers.set(event, list);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    this.failAll('inspector connection closed by the client');
  }

  private onMessage(text: string): void {
    let msg: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { message: string } };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof msg.id === 'number') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result ?? {});
      return;
    }
    if (msg.method) for (const h of this.handlers.get(msg.method) ?? []) h(msg.params ?? {});
  }

  private failAll(reason: string): void {
    this.closed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new Error(`${p.method}: ${reason}`));
    }
  }
}
