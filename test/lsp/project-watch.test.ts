/**
 * The server follows the workspace's shape over real stdio: a tsconfig.json changed on disk
 * (workspace/didChangeWatchedFiles) rebuilds that project, so a finding that depends on it comes
 * and goes; a workspace folder added or removed (workspace/didChangeWorkspaceFolders) is scanned
 * or has its diagnostics cleared.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './helpers/build';
import { LspClient } from './helpers/lsp-client';
import { EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

// `@data/users` resolves only through tsconfig `paths`: with it `ids` is a string[] (a linear scan per name)
const APP = `import { loadIds } from '@data/users';

export function known(names: string[]): string[] {
  const ids = loadIds();
  const out: string[] = [];
  for (const name of names) {
    if (ids.includes(name)) out.push(name);
  }
  return out;
}
`;
const INCLUDES_LINE = 6;
const tsconfig = (withPaths: boolean): string =>
  JSON.stringify({
    compilerOptions: { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', ...(withPaths ? { paths: { '@data/*': ['./data/*'] } } : {}) },
    include: ['**/*.ts'],
  });

describe('LSP project and folder changes', () => {
  const ws = makeWorkspace({ 'tsconfig.json': tsconfig(true), 'data/users.ts': `export function loadIds(): string[] {\n  return ['a', 'b'];\n}\n`, 'app.ts': APP });
  const other = makeWorkspace({ 'server.js': EXPRESS_SYNC_IO });
  let client: LspClient;

  before(async () => {
    await ensureBuilt();
    client = (await LspClient.start({ root: ws.root, settings: { workspaceScan: false } })).client;
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
    other.dispose();
  });

  const quadraticAt = (diags: { code?: unknown; range: { start: { line: number } } }[]): boolean => diags.some((d) => d.code === 'quadratic-loop' && d.range.start.line === INCLUDES_LINE);

  test('a changed tsconfig.json rebuilds its project: the finding that needs its paths goes, then comes back', async () => {
    const uri = await client.open(ws.path('app.ts'), APP);
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(quadraticAt(first.diagnostics), JSON.stringify(first.diagnostics));

    const configUri = pathToFileURL(ws.path('tsconfig.json')).href;
    const seen = client.publishLog.length;
    writeFileSync(ws.path('tsconfig.json'), tsconfig(false));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    await client.waitForLog(/tsconfig\.json changed: project reloaded/);
    const without = await client.waitForDiagnostics(uri, (p) => client.publishLog.indexOf(p) >= seen);
    assert.ok(!quadraticAt(without.diagnostics), `without paths the import is unresolved: ${JSON.stringify(without.diagnostics)}`);

    const again = client.publishLog.length;
    writeFileSync(ws.path('tsconfig.json'), tsconfig(true));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
    const back = await client.waitForDiagnostics(uri, (p) => client.publishLog.indexOf(p) >= again && quadraticAt(p.diagnostics));
    assert.ok(quadraticAt(back.diagnostics));
    assert.ok(client.isAlive);
  });

  test('an added workspace folder is analysed; a removed one has its diagnostics cleared', async () => {
    client.settings = { workspaceScan: true };
    const folderUri = pathToFileURL(other.root).href;
    const serverUri = pathToFileURL(other.path('server.js')).href;
    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: folderUri, name: 'other' }], removed: [] } });
    const found = await client.waitForDiagnostics(serverUri, (p) => p.diagnostics.some((d) => d.code === 'sync-io' && d.range.start.line === EXPRESS_SYNC_IO_LINE));
    assert.ok(found.diagnostics.length > 0);

    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: folderUri, name: 'other' }] } });
    await client.waitForDiagnostics(serverUri, (p) => p.diagnostics.length === 0);
    await client.waitForLog(/workspace folders changed: \+0 -1; now 1/);
    assert.ok(client.isAlive);
  });
});
