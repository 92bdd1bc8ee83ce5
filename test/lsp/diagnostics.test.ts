/**
 * The language server over real stdio (node dist/server.js --stdio, vscode-jsonrpc as the client):
 * diagnostics on open and change, the workspace scan with $/progress, dependents re-checked,
 * configuration from the editor and from .perflensrc.json, and perflens/analyzeWorkspace.
 * Assertions use the rule id and the line, never a rule's wording.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './helpers/build';
import { LspClient, poll, type Published } from './helpers/lsp-client';
import { ASYNC_SYNC_IO, ASYNC_SYNC_IO_LINE, EXPRESS_ASYNC_IO, EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

const HELPER = `const fs = require('fs');
function readTemplate(name) {
  return fs.promises.readFile('/srv/templates/' + name, 'utf8');
}
module.exports = { readTemplate };
`;
const USES_HELPER = `const { readTemplate } = require('./helper');
async function render(name) {
  return readTemplate(name);
}
module.exports = { render };
`;

const syncIoOn = (line: number) => (p: Published) => p.diagnostics.some((d) => d.code === 'sync-io' && d.range.start.line === line);
const noSyncIo = (p: Published) => !p.diagnostics.some((d) => d.code === 'sync-io');

describe('LSP diagnostics over stdio', () => {
  const ws = makeWorkspace({
    'app.js': EXPRESS_SYNC_IO,
    'lib/user.js': ASYNC_SYNC_IO,
    'lib/helper.js': HELPER,
    'lib/render.js': USES_HELPER,
    'clean.js': EXPRESS_ASYNC_IO,
  });
  const settings: Record<string, unknown> = { trace: { server: 'verbose' } };
  let client: LspClient;
  let capabilities: Record<string, unknown>;

  before(async () => {
    await ensureBuilt();
    const started = await LspClient.start({ root: ws.root, settings });
    client = started.client;
    capabilities = started.init.capabilities as Record<string, unknown>;
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
  });

  test('initialize announces sync, code actions and the docs command', () => {
    assert.deepEqual((capabilities.textDocumentSync as { change: number }).change, 2);
    const ca = capabilities.codeActionProvider as { codeActionKinds: string[] };
    assert.ok(ca.codeActionKinds.includes('quickfix') && ca.codeActionKinds.includes('source.fixAll.perflens'));
    assert.deepEqual((capabilities.executeCommandProvider as { commands: string[] }).commands, ['perflens.openDocs']);
  });

  test('background scan reports $/progress and publishes findings of files nobody opened', async () => {
    const user = await client.waitForDiagnostics(client.uri(ws.path('lib/user.js')), syncIoOn(ASYNC_SYNC_IO_LINE));
    assert.equal(user.version, undefined, 'a file read from disk has no document version');
    await client.waitForLog(/workspace scan done/);
    const kinds = client.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.equal(new Set(client.progress.map((p) => p.token)).size, 1);
    assert.equal(client.published.get(client.uri(ws.path('clean.js')))?.diagnostics.length ?? 0, 0);
  });

  test('didOpen publishes a diagnostic shaped as design.md says', async () => {
    const uri = await client.open(ws.path('app.js'), EXPRESS_SYNC_IO);
    const p = await client.waitForDiagnostics(uri, (x) => x.version === 1 && syncIoOn(EXPRESS_SYNC_IO_LINE)(x));
    const d = p.diagnostics.find((x) => x.code === 'sync-io')!;
    assert.equal(d.source, 'perflens');
    assert.ok(typeof d.message === 'string' && d.message.length > 10);
    assert.equal(d.severity, 2, 'sync-io is a warning by default');
    const href = d.codeDescription!.href;
    assert.match(href, /^file:\/\/.*\/docs\/rules\/sync-io\.md$/);
    const docsPath = fileURLToPath(href);
    assert.ok(docsPath.endsWith(join('docs', 'rules', 'sync-io.md')));
    const docsDir = join(docsPath, '..');
    const generated = existsSync(docsDir) && readdirSync(docsDir).some((f) => f.endsWith('.md'));
    if (generated) assert.ok(existsSync(docsPath), `${docsPath} should exist: the other rule docs are generated`);
    const data = d.data as { version: number; ruleId: string; facts?: unknown };
    assert.equal(data.version, 1);
    assert.equal(data.ruleId, 'sync-io');
    assert.equal(d.range.start.line, EXPRESS_SYNC_IO_LINE);
    assert.ok(d.range.start.character > 0, 'points at the call, not the line start');
  });

  test('didChange republishes for the new version (full and incremental changes)', async () => {
    const uri = client.uri(ws.path('app.js'));
    const v2 = await client.change(uri, EXPRESS_ASYNC_IO);
    const p2 = await client.waitForDiagnostics(uri, (x) => x.version === v2);
    assert.ok(noSyncIo(p2), `no sync-io after the fix: ${JSON.stringify(p2.diagnostics)}`);
    // put the blocking call back with an incremental edit of one line
    const line = EXPRESS_ASYNC_IO.split('\n')[EXPRESS_SYNC_IO_LINE]!;
    const v3 = await client.changeRange(
      uri,
      { start: { line: EXPRESS_SYNC_IO_LINE, character: 0 }, end: { line: EXPRESS_SYNC_IO_LINE, character: line.length } },
      "  const text = fs.readFileSync('/etc/hostname', 'utf8');",
    );
    await client.waitForDiagnostics(uri, (x) => x.version === v3 && syncIoOn(EXPRESS_SYNC_IO_LINE)(x));
    // the handler is no longer async, which is fine for sync-io in a route handler
  });

  test('a change re-checks the changed file and its dependents, not unrelated files', async () => {
    const helper = await client.open(ws.path('lib/helper.js'), HELPER);
    const v1Line = await client.waitForLog(/analysed .*lib[/\\]helper\.js v1/);
    // opening counts as a change too: let its dependents be re-checked before measuring
    await poll(
      () => client.logs.slice(client.logs.indexOf(v1Line)).find((l) => /analysed .*lib[/\\]render\.js v-/.test(l)),
      60_000,
      () => 'render.js re-checked after helper.js opened',
    );
    const mark = client.logs.length;
    const v2 = await client.change(helper, HELPER.replace('readTemplate(name) {', 'readTemplate(name) {\n  // cached by the CDN'));
    await client.waitForLog(new RegExp(`analysed .*lib[/\\\\]helper\\.js v${v2}`));
    await poll(() => client.logs.slice(mark).find((l) => /analysed .*lib[/\\]render\.js v-/.test(l)), 60_000, () => 'render.js re-checked');
    const since = client.logs.slice(mark).filter((l) => l.startsWith('analysed'));
    assert.ok(since[0]!.includes('helper.js'), `the edited file goes first: ${since.join(' | ')}`);
    assert.ok(!since.some((l) => l.includes('clean.js')), `an unrelated file was re-checked: ${since.join(' | ')}`);
    await client.close(helper);
  });

  test('editor settings: severity override and rule off, re-applied on didChangeConfiguration', async () => {
    const uri = client.uri(ws.path('app.js'));
    settings.rules = { 'sync-io': 'error' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'sync-io' && d.severity === 1));
    settings.rules = { 'sync-io': 'off' };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.waitForDiagnostics(client.uri(ws.path('lib/user.js')), (p) => p.diagnostics.length === 0);
    settings.rules = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'sync-io' && d.severity === 2));
  });

  test('perflens.workspaceScan off: only open documents keep diagnostics', async () => {
    const uri = client.uri(ws.path('app.js'));
    const user = client.uri(ws.path('lib/user.js'));
    await client.waitForDiagnostics(user, syncIoOn(ASYNC_SYNC_IO_LINE));
    settings.workspaceScan = false;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(user, (p) => p.diagnostics.length === 0);
    await client.waitForDiagnostics(uri, syncIoOn(EXPRESS_SYNC_IO_LINE));
    settings.workspaceScan = true;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(user, syncIoOn(ASYNC_SYNC_IO_LINE));
  });

  test('.perflensrc.json: rule off and ignore globs, picked up through didChangeWatchedFiles', async () => {
    const uri = client.uri(ws.path('app.js'));
    const user = client.uri(ws.path('lib/user.js'));
    await client.waitForDiagnostics(user, syncIoOn(ASYNC_SYNC_IO_LINE));
    const rc = ws.path('.perflensrc.json');
    writeFileSync(rc, JSON.stringify({ ignore: ['lib/**'] }));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rc), type: 1 }] });
    await client.waitForDiagnostics(user, (p) => p.diagnostics.length === 0);
    assert.ok(syncIoOn(EXPRESS_SYNC_IO_LINE)(client.published.get(uri)!), 'app.js is not ignored');

    writeFileSync(rc, JSON.stringify({ rules: { 'sync-io': 'off' } }));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rc), type: 2 }] });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);

    rmSync(rc);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rc), type: 3 }] });
    await client.waitForDiagnostics(uri, syncIoOn(EXPRESS_SYNC_IO_LINE));
    await client.waitForDiagnostics(user, syncIoOn(ASYNC_SYNC_IO_LINE));
  });

  test('a file changed on disk (not open) is re-read', async () => {
    const user = client.uri(ws.path('lib/user.js'));
    writeFileSync(ws.path('lib/user.js'), ASYNC_SYNC_IO.replace("fs.readFileSync('/data", "await fs.promises.readFile('/data"));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: user, type: 2 }] });
    await client.waitForDiagnostics(user, (p) => p.diagnostics.length === 0);
    writeFileSync(ws.path('lib/user.js'), ASYNC_SYNC_IO);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: user, type: 2 }] });
    await client.waitForDiagnostics(user, syncIoOn(ASYNC_SYNC_IO_LINE));
  });

  test('perflens/analyzeWorkspace answers with counts', async () => {
    const r = await client.conn.sendRequest<{ files: number; findings: number; byRule: Record<string, number>; cancelled: boolean; skipped: number }>(
      'perflens/analyzeWorkspace',
      {},
    );
    assert.equal(r.cancelled, false);
    assert.equal(r.files, 5);
    assert.equal(r.skipped, 0);
    assert.ok((r.byRule['sync-io'] ?? 0) >= 2, JSON.stringify(r));
    assert.equal(r.findings, Object.values(r.byRule).reduce((a, b) => a + b, 0));
  });

  test('closing a file outside the workspace clears its diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflens-outside-'));
    try {
      const uri = await client.open(join(dir, 'outside.js'), EXPRESS_SYNC_IO);
      await client.waitForDiagnostics(uri, syncIoOn(EXPRESS_SYNC_IO_LINE));
      await client.close(uri);
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the server is still healthy: no internal errors were logged', () => {
    assert.ok(client.isAlive);
    assert.deepEqual(client.logs.filter((l) => l.includes('PL2001')), []);
  });
});
