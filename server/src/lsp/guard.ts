/**
 * Every LSP handler goes through `guard`: one bad file or request must never take the server
 * down. A throw (or a rejected promise) is logged with PL2001 and the handler answers `fallback`.
 */
import type { Logger } from './log';

export function guard<A extends unknown[], R>(
  log: Logger,
  name: string,
  fallback: R,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await handler(...args);
    } catch (err) {
      log.internal(name, err);
      return fallback;
    }
  };
}

/** For notifications and event listeners, whose result nobody waits for. */
export function guardVoid<A extends unknown[]>(log: Logger, name: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const r = handler(...args);
      if (r instanceof Promise) r.catch((err: unknown) => log.internal(name, err));
    } catch (err) {
      log.internal(name, err);
    }
  };
}

/** Gives queued messages (a newer didChange, a request) their turn before more analysis runs. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
