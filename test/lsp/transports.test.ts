/**
 * The ways editors start the server: `perflens lsp --stdio` (Neovim, Helix, Emacs: bin/perflens.js →
 * dist/cli.js) and `dist/server.js --node-ipc` (our VS Code client, TransportKind.ipc).
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { ensureBuilt, REPO, SERVER_JS } from './helpers/build';
import { LspClient, poll } from './helpers/lsp-client';
import { EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

describe('LSP transports', () => {
  before(() => ensureBuilt(['server', 'cli']));

  test('perflens lsp without a transport is a usage error (exit 2)', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/perflens.js'), 'lsp'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--stdio/);
  });

  test('perflens lsp --stdio serves diagnostics', async () => {
    const ws = makeWorkspace({ 'app.js': EXPRESS_SYNC_IO });
    const { client, init } = await LspClient.start({ root: ws.root, command: [process.execPath, join(REPO, 'bin/perflens.js'), 'lsp', '--stdio'] });
    try {
      assert.equal(init.serverInfo?.name, 'perflens');
      const uri = await client.open(ws.path('app.js'), EXPRESS_SYNC_IO);
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'sync-io' && d.range.start.line === EXPRESS_SYNC_IO_LINE));
    } finally {
      assert.equal(await client.shutdown(), 0, 'exit 0 after shutdown + exit');
      ws.dispose();
    }
  });

  test('dist/server.js --node-ipc serves diagnostics (the VS Code transport)', async () => {
    const ws = makeWorkspace({ 'app.js': EXPRESS_SYNC_IO });
    const child = fork(SERVER_JS, ['--node-ipc'], { cwd: ws.root, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    const published: PublishDiagnosticsParams[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.push(p));
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    conn.listen();
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    try {
      const rootUri = pathToFileURL(ws.root).href;
      await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
      await conn.sendNotification('initialized', {});
      const uri = pathToFileURL(ws.path('app.js')).href;
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: EXPRESS_SYNC_IO } });
      await poll(() => published.find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'sync-io')), 30_000, () => 'sync-io over node-ipc');
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      child.kill();
      conn.dispose();
      ws.dispose();
    }
  });
});
