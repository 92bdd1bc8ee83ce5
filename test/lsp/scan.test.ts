/**
 * The background workspace scan: edits are served while it runs, it reports begin/report/end
 * through $/progress, and the client can cancel it (window/workDoneProgress/cancel).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuilt } from './helpers/build';
import { LspClient, poll } from './helpers/lsp-client';
import { EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

const FILES = 150;

function moduleText(i: number): string {
  return `const fs = require('fs');
async function load${i}(ids) {
  const out = [];
  for (const id of ids) out.push(await fs.promises.readFile('/data/' + id));
  return out.concat(${i});
}
module.exports = { load${i} };
`;
}

describe('LSP workspace scan', () => {
  const files: Record<string, string> = { 'app.js': EXPRESS_SYNC_IO };
  for (let i = 0; i < FILES; i++) files[`src/m${i}.js`] = moduleText(i);
  const ws = makeWorkspace(files);
  let client: LspClient;

  before(async () => {
    await ensureBuilt();
    client = (await LspClient.start({ root: ws.root })).client;
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
  });

  test('an edit made while the scan runs is answered before the scan ends', async () => {
    const begin = await poll(() => client.progress.find((p) => p.value.kind === 'begin'), 60_000, () => 'progress begin');
    const uri = await client.open(ws.path('app.js'), EXPRESS_SYNC_IO);
    const diag = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(diag.diagnostics.some((d) => d.code === 'sync-io' && d.range.start.line === EXPRESS_SYNC_IO_LINE));
    const endIndex = client.progress.findIndex((p) => p.token === begin.token && p.value.kind === 'end');
    assert.equal(endIndex, -1, 'the scan of 150 files was still running when the edit was answered');
    await poll(() => client.progress.find((p) => p.token === begin.token && p.value.kind === 'end'), 120_000, () => 'progress end');
    const reports = client.progress.filter((p) => p.token === begin.token && p.value.kind === 'report');
    assert.ok(reports.length >= 1);
    assert.equal(reports.at(-1)!.value.percentage, 100);
    assert.match(reports.at(-1)!.value.message ?? '', new RegExp(`^${FILES + 1}/${FILES + 1} files$`));
    await client.waitForLog(new RegExp(`workspace scan done: ${FILES + 1} files`));
  });

  test('the client can cancel the scan', async () => {
    const seen = client.progress.length;
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} }); // starts a new scan
    const begin = await poll(() => client.progress.slice(seen).find((p) => p.value.kind === 'begin'), 60_000, () => 'second scan begin');
    await client.conn.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    await client.waitForLog(/workspace scan cancelled/);
    await poll(() => client.progress.find((p) => p.token === begin.token && p.value.kind === 'end'), 60_000, () => 'progress end after cancel');
    assert.ok(client.isAlive);
  });
});
