/**
 * A real LSP client for tests: spawns the server over stdio and talks JSON-RPC with vscode-jsonrpc.
 * It answers the server's requests (workspace/configuration, progress creation, registrations,
 * showDocument) and records what the server sends, with polling waits (never fixed sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  CodeActionParams,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { SERVER_JS } from './build';

export interface Published {
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
  /** performance.now() when it arrived */
  at: number;
}

export interface StartOptions {
  root: string;
  /** what workspace/configuration answers for section `perflens` (mutable: change it, then notify) */
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  /** default: node dist/server.js --stdio */
  command?: string[];
  cwd?: string;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
    workspaceFolders: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

export class LspClient {
  readonly conn: MessageConnection;
  readonly published = new Map<string, Published>();
  readonly publishLog: Published[] = [];
  readonly logs: string[] = [];
  readonly progress: { token: string | number; value: { kind: string; message?: string; percentage?: number } }[] = [];
  readonly shownDocuments: string[] = [];
  readonly stderr: string[] = [];
  settings: Record<string, unknown>;
  private exited: Promise<number | null>;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();

  private constructor(
    readonly proc: ChildProcess,
    readonly root: string,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    this.conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr!.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const entry = { uri: p.uri, version: p.version, diagnostics: p.diagnostics, at: performance.now() };
      this.published.set(p.uri, entry);
      this.publishLog.push(entry);
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.conn.onNotification('window/showMessage', (p: { message: string }) => void this.logs.push(`showMessage: ${p.message}`));
    this.conn.onNotification('$/progress', (p: LspClient['progress'][number]) => void this.progress.push(p));
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'perflens' ? this.settings : null)),
    );
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/showDocument', (p: { uri: string }) => {
      this.shownDocuments.push(p.uri);
      return { success: true };
    });
    this.conn.listen();
  }

  static async start(options: StartOptions): Promise<{ client: LspClient; init: InitializeResult }> {
    const cmd = options.command ?? [process.execPath, SERVER_JS, '--stdio'];
    const proc = spawn(cmd[0]!, cmd.slice(1), { cwd: options.cwd ?? options.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(proc, options.root, options.settings ?? {});
    const rootUri = pathToFileURL(options.root).href;
    const init = await client.conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
    });
    await client.conn.sendNotification('initialized', {});
    return { client, init };
  }

  uri(path: string): string {
    return pathToFileURL(path).href;
  }

  async open(path: string, text: string, languageId = path.endsWith('.ts') ? 'typescript' : 'javascript'): Promise<string> {
    const uri = this.uri(path);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Full-text change; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** Incremental change of one range; returns the new version. */
  async changeRange(uri: string, range: Range, newText: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, applyTextEdits(this.texts.get(uri) ?? '', [{ range, newText }]));
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: newText }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  textOf(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  versionOf(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[] | null> {
    const params: CodeActionParams = { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } };
    return this.conn.sendRequest('textDocument/codeAction', params);
  }

  /** Applies a WorkspaceEdit to our copy of the documents and sends the resulting didChange. */
  async applyEdit(edit: WorkspaceEdit): Promise<Map<string, string>> {
    const byUri = new Map<string, TextEdit[]>();
    for (const dc of edit.documentChanges ?? []) {
      if (!('textDocument' in dc)) continue;
      const v = dc.textDocument.version;
      if (v !== null && v !== this.versionOf(dc.textDocument.uri)) throw new Error(`edit for v${v} but document is v${this.versionOf(dc.textDocument.uri)}`);
      byUri.set(dc.textDocument.uri, [...(byUri.get(dc.textDocument.uri) ?? []), ...(dc.edits as TextEdit[])]);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    const out = new Map<string, string>();
    for (const [uri, edits] of byUri) {
      const text = applyTextEdits(this.textOf(uri), edits);
      out.set(uri, text);
      await this.change(uri, text);
    }
    return out;
  }

  /** Polls until a publish for uri satisfies pred (default: any publish at or after `version`). */
  async waitForDiagnostics(uri: string, pred: (p: Published) => boolean, timeoutMs = 60_000): Promise<Published> {
    return poll(() => {
      const p = this.published.get(uri);
      return p && pred(p) ? p : undefined;
    }, timeoutMs, () => `diagnostics for ${uri}; last: ${JSON.stringify(this.published.get(uri)?.diagnostics.map((d) => d.code))}; logs:\n${this.logs.join('\n')}\n${this.stderr.join('')}`);
  }

  waitForLog(re: RegExp, timeoutMs = 60_000): Promise<string> {
    return poll(() => this.logs.find((l) => re.test(l)), timeoutMs, () => `log ${re}; logs:\n${this.logs.join('\n')}\n${this.stderr.join('')}`);
  }

  async shutdown(): Promise<number | null> {
    try {
      await withTimeout(this.conn.sendRequest('shutdown'), 5000);
      await this.conn.sendNotification('exit');
    } catch {
      // the server may already be gone; kill below
    }
    const code = await withTimeout(this.exited, 5000).catch(() => {
      this.proc.kill('SIGKILL');
      return null;
    });
    this.conn.dispose();
    return code;
  }

  get isAlive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}

export async function poll<T>(get: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout ${ms} ms`)), ms);
    p.then((v) => (clearTimeout(t), resolve(v)), (e: unknown) => (clearTimeout(t), reject(e)));
  });
}

/** Applies LSP TextEdits (non-overlapping) to text, the way editors do. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  const offset = (p: { line: number; character: number }): number =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line]! + p.character, p.line + 1 < starts.length ? starts[p.line + 1]! : text.length);
  const sorted = edits
    .map((e, i) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText, i }))
    .sort((a, b) => a.s - b.s || a.i - b.i);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.s < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, e.s) + e.t;
    cursor = e.e;
  }
  return out + text.slice(cursor);
}
