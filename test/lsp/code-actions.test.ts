/**
 * Code actions over real stdio: per-finding quick fixes, "Disable <id> for this line", "Show
 * documentation", source.fixAll.perflens, and stale requests (no edit, no crash). The returned
 * WorkspaceEdit is applied the way an editor does and sent back as didChange.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ensureBuilt } from './helpers/build';
import { LspClient, type Published } from './helpers/lsp-client';
import { ASYNC_SYNC_IO, ASYNC_SYNC_IO_LINE, EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

const syncIoAt = (line: number) => (p: Published) => p.diagnostics.some((d) => d.code === 'sync-io' && d.range.start.line === line);
const fullRange = (d: Diagnostic) => d.range;

function parses(text: string): boolean {
  const sf = ts.createSourceFile('x.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  return ((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics ?? []).length === 0;
}

describe('LSP code actions over stdio', () => {
  const ws = makeWorkspace({ 'app.js': EXPRESS_SYNC_IO, 'lib/user.js': ASYNC_SYNC_IO });
  let client: LspClient;

  before(async () => {
    await ensureBuilt();
    client = (await LspClient.start({ root: ws.root, settings: { workspaceScan: false } })).client;
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
  });

  test('each finding offers a disable-line action and a docs action; applying disable removes the finding', async () => {
    const uri = await client.open(ws.path('app.js'), EXPRESS_SYNC_IO);
    const p = await client.waitForDiagnostics(uri, syncIoAt(EXPRESS_SYNC_IO_LINE));
    const d = p.diagnostics.find((x) => x.code === 'sync-io')!;
    const actions = (await client.codeActions(uri, fullRange(d), [d])) ?? [];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Disable sync-io for this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for sync-io'), titles.join(' | '));
    for (const a of actions) assert.equal(a.kind, 'quickfix');

    const docs = actions.find((a) => a.title === 'Show documentation for sync-io')!;
    assert.equal(docs.command?.command, 'perflens.openDocs');
    await client.conn.sendRequest('workspace/executeCommand', { command: docs.command!.command, arguments: docs.command!.arguments });
    assert.deepEqual(client.shownDocuments, [d.codeDescription!.href]);

    const disable = actions.find((a) => a.title === 'Disable sync-io for this line')!;
    const texts = await client.applyEdit(disable.edit!);
    const after = texts.get(uri)!;
    const lines = after.split('\n');
    assert.equal(lines[EXPRESS_SYNC_IO_LINE], '  // perflens-disable-next-line sync-io', 'comment keeps the line indentation');
    assert.ok(parses(after));
    await client.waitForDiagnostics(uri, (x) => x.version === client.versionOf(uri) && !x.diagnostics.some((y) => y.code === 'sync-io'));
  });

  test('a rule fix applied through the WorkspaceEdit removes the finding and keeps the file parseable', async () => {
    const uri = await client.open(ws.path('lib/user.js'), ASYNC_SYNC_IO);
    const p = await client.waitForDiagnostics(uri, syncIoAt(ASYNC_SYNC_IO_LINE));
    const d = p.diagnostics.find((x) => x.code === 'sync-io')!;
    const actions = (await client.codeActions(uri, d.range, [d], ['quickfix'])) ?? [];
    const fixes = actions.filter((a) => a.edit && !a.title.startsWith('Disable '));
    assert.ok(fixes.length >= 1, `sync-io in an async function offers a fix (design.md): ${actions.map((a) => a.title).join(' | ')}`);
    const preferred = fixes.find((a) => a.isPreferred) ?? fixes[0]!;
    assert.equal(preferred.diagnostics?.[0]?.code, 'sync-io');
    const after = (await client.applyEdit(preferred.edit!)).get(uri)!;
    assert.ok(parses(after), after);
    const v = client.versionOf(uri);
    await client.waitForDiagnostics(uri, (x) => x.version === v && !syncIoAt(ASYNC_SYNC_IO_LINE)(x));
  });

  test('source.fixAll.perflens applies every safe fix at once without overlapping edits', async () => {
    const twice = ASYNC_SYNC_IO.replace(
      'module.exports = { loadUser };',
      "async function loadOrder(id) {\n  const raw = fs.readFileSync('/data/orders/' + id + '.json', 'utf8');\n  return JSON.parse(raw);\n}\n\nmodule.exports = { loadUser, loadOrder };",
    );
    const uri = await client.open(ws.path('lib/two.js'), twice);
    const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.filter((d) => d.code === 'sync-io').length === 2);
    const all = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.perflens'])) ?? [];
    assert.equal(all.length, 1, JSON.stringify(all.map((a) => a.title)));
    const fixAll = all[0] as CodeAction;
    assert.equal(fixAll.kind, 'source.fixAll.perflens');
    const edits = fixAll.edit!.documentChanges!.flatMap((dc) => ('edits' in dc ? dc.edits : []));
    const sorted = [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!.range.end;
      const cur = sorted[i]!.range.start;
      assert.ok(prev.line < cur.line || (prev.line === cur.line && prev.character <= cur.character), 'edits must not overlap');
    }
    const after = (await client.applyEdit(fixAll.edit!)).get(uri)!;
    assert.ok(parses(after), after);
    const v = client.versionOf(uri);
    const fixed = await client.waitForDiagnostics(uri, (x) => x.version === v);
    assert.equal(p.diagnostics.filter((d) => d.code === 'sync-io').length, 2);
    assert.equal(fixAll.title, 'Fix all safe PerfLens problems (2)');
    assert.deepEqual(fixed.diagnostics.filter((d) => d.code === 'sync-io'), [], `both safe sync-io fixes applied:\n${after}`);
    // the quick-fix request without `only` does not include the fixAll source action
    const plain = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } }, [])) ?? [];
    assert.ok(!plain.some((a) => a.kind === 'source.fixAll.perflens'));
  });

  test('a request carrying diagnostics of an older version gets no edit, and the server keeps working', async () => {
    const uri = client.uri(ws.path('app.js'));
    const v0 = client.versionOf(uri);
    const stale = await client.change(uri, EXPRESS_SYNC_IO); // back to the finding
    const p = await client.waitForDiagnostics(uri, (x) => x.version === stale && syncIoAt(EXPRESS_SYNC_IO_LINE)(x));
    const d = p.diagnostics.find((x) => x.code === 'sync-io')!;
    assert.ok(stale > v0);
    // the document moves on (a line inserted above), then the editor asks with the old diagnostics
    const newer = await client.change(uri, '// header\n' + EXPRESS_SYNC_IO);
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.deepEqual(actions ?? [], [], 'stale diagnostics → no actions');
    // asking for the current version works
    const fresh = await client.waitForDiagnostics(uri, (x) => x.version === newer && syncIoAt(EXPRESS_SYNC_IO_LINE + 1)(x));
    const d2 = fresh.diagnostics.find((x) => x.code === 'sync-io')!;
    const ok = (await client.codeActions(uri, d2.range, [d2])) ?? [];
    assert.ok(ok.some((a) => a.title === 'Disable sync-io for this line'));
    for (const a of ok) {
      for (const dc of a.edit?.documentChanges ?? []) if ('textDocument' in dc) assert.equal(dc.textDocument.version, newer);
    }
  });

  test('code actions for a document that is not open, or while edits race, return nothing without error', async () => {
    const nowhere = client.uri(ws.path('not-open.js'));
    assert.deepEqual((await client.codeActions(nowhere, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [])) ?? [], []);
    const uri = client.uri(ws.path('app.js'));
    // fire a change and a request back to back: the request is answered for the new version or not at all
    const raced = client.change(uri, '// again\n// header\n' + EXPRESS_SYNC_IO);
    const req = client.codeActions(uri, { start: { line: 7, character: 0 }, end: { line: 7, character: 10 } }, []);
    const v = await raced;
    for (const a of (await req) ?? []) {
      for (const dc of a.edit?.documentChanges ?? []) if ('textDocument' in dc) assert.equal(dc.textDocument.version, v);
    }
    assert.ok(client.isAlive);
    assert.deepEqual(client.logs.filter((l) => l.includes('PL2001')), []);
  });
});
