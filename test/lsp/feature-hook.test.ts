/**
 * The feature hook of server.ts, in process: a feature added to FEATURES gets its capabilities into
 * the initialize result, its request handler served, and can use the services (here: the analyzer's
 * cost lookup, which the profiler feature uses to put measured cost into diagnostics).
 * Client and server talk JSON-RPC over a pair of in-memory streams.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { FEATURES, startServer } from '../../server/src/lsp/server';
import type { ServerFeature } from '../../server/src/lsp/services';
import { poll } from './helpers/lsp-client';
import { EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

const testFeature: ServerFeature = {
  name: 'test-costs',
  capabilities: () => ({ inlayHintProvider: true }),
  register(connection, services) {
    connection.onRequest('test/setCost', (on: boolean) => {
      services.analyzer.setCostLookup(on ? (_file, start) => (start === EXPRESS_SYNC_IO_LINE + 1 ? { selfMs: 900, totalMs: 1400, share: 0.61 } : undefined) : undefined);
      return true;
    });
  },
};

describe('server feature hook', () => {
  const ws = makeWorkspace({ 'app.js': EXPRESS_SYNC_IO });
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let client: MessageConnection;
  const published: PublishDiagnosticsParams[] = [];
  let capabilities: Record<string, unknown> = {};

  before(async () => {
    startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
      features: [...FEATURES, testFeature],
    });
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => void published.push(p));
    client.onNotification('window/logMessage', () => undefined);
    client.listen();
    const rootUri = pathToFileURL(ws.root).href;
    const init = await client.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: null,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: {},
    });
    capabilities = init.capabilities;
    await client.sendNotification('initialized', {});
  });
  after(() => {
    client.dispose();
    toServer.end();
    toClient.end();
    ws.dispose();
  });

  test('capabilities of a registered feature are announced next to the built-in ones', () => {
    assert.equal(capabilities.inlayHintProvider, true);
    assert.ok(capabilities.codeActionProvider);
  });

  test('a feature sets a cost lookup: diagnostics are re-published with the measured cost, then without', async () => {
    const uri = pathToFileURL(ws.path('app.js')).href;
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: EXPRESS_SYNC_IO } });
    const plain = await poll(() => published.find((p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'sync-io')), 60_000, () => 'sync-io');
    const base = plain.diagnostics.find((d) => d.code === 'sync-io')!;
    assert.equal((base.data as { cost?: unknown }).cost, undefined);

    const seen = published.length;
    assert.equal(await client.sendRequest('test/setCost', true), true);
    const costed = await poll(() => published.slice(seen).find((p) => p.uri === uri), 10_000, () => 'republish with cost');
    const d = costed.diagnostics.find((x) => x.code === 'sync-io')!;
    assert.deepEqual((d.data as { cost?: unknown }).cost, { selfMs: 900, totalMs: 1400, share: 0.61 });
    assert.equal(d.message, `${base.message} (measured: 1.40 s, 61% of CPU)`);

    const seen2 = published.length;
    await client.sendRequest('test/setCost', false);
    const back = await poll(() => published.slice(seen2).find((p) => p.uri === uri), 10_000, () => 'republish without cost');
    assert.equal(back.diagnostics.find((x) => x.code === 'sync-io')!.message, base.message);
  });
});
