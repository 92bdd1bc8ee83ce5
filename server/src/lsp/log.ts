/**
 * Server log: every line goes to the client's log (`window/logMessage` through connection.console,
 * which VS Code shows in the PerfLens output channel and Neovim in :LspLog). Lines about a problem
 * start with its catalogue code so users can look it up: `[PL1002] /a/b.bin: File looks binary …`.
 */
import type { Connection } from 'vscode-languageserver';
import { ERROR_CATALOGUE, type ErrorCode } from '../engine/errors';
import type { TraceLevel } from '../protocol/settings';

export class Logger {
  private level: TraceLevel = 'off';

  constructor(private readonly connection: Connection) {}

  setTrace(level: TraceLevel): void {
    this.level = level;
  }

  get verbose(): boolean {
    return this.level === 'verbose';
  }

  info(message: string): void {
    this.connection.console.info(message);
  }

  /** A known problem with a catalogue code (bad input, skipped file): a warning, not a crash. */
  problem(code: string, subject: string, detail?: string): void {
    const known = (ERROR_CATALOGUE as Record<string, string>)[code];
    const text = [known, detail].filter(Boolean).join(': ');
    this.connection.console.warn(`[${code}] ${subject}: ${text}`);
  }

  /** An internal error (a bug): logged with PL2001 and the stack, never rethrown. */
  internal(where: string, err: unknown): void {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    const code: ErrorCode = 'PL2001';
    this.connection.console.error(`[${code}] ${ERROR_CATALOGUE[code]} (${where}): ${detail}`);
  }

  /** Only with `perflens.trace.server: verbose`. */
  trace(message: string): void {
    if (this.level === 'verbose') this.connection.console.log(message);
  }
}
