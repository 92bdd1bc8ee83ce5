/**
 * Bad input never kills the server (issue 2): syntax errors, a 5 MB minified bundle, a binary file,
 * on disk and as open buffers; a handler that throws; invalid settings. Each gives a clear log line
 * with its catalogue code, and the server keeps answering.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuilt } from './helpers/build';
import { LspClient } from './helpers/lsp-client';
import { EXPRESS_SYNC_IO, EXPRESS_SYNC_IO_LINE, makeWorkspace } from './helpers/workspace';

function minified(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const s = `var a${i}=function(b){return b.map(function(c){return c*${i}})};`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}

const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10, 0x3d, 0x00]);
const BROKEN = `const fs = require('fs');
function broken( {
  return fs.readFileSync('x'
}
app.get('/', (req, res) => { res.send(fs.readFileSync('/etc/hostname')) });
`;

describe('LSP robustness over stdio', () => {
  const big = minified(5 * 1024 * 1024);
  const ws = makeWorkspace({
    'app.js': EXPRESS_SYNC_IO,
    'vendor/bundle.js': big,
    'assets/blob.js': BINARY,
    'src/broken.js': BROKEN,
    'src/mid.js': minified(400_000),
  });
  let client: LspClient;

  before(async () => {
    await ensureBuilt();
    client = (await LspClient.start({ root: ws.root, settings: { rules: { 'sync-io': 'loud', 'no-such-rule': 'off' }, profile: { args: 'x' } } })).client;
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
  });

  const stillAnswers = async (): Promise<void> => {
    const r = await client.conn.sendRequest<{ files: number }>('perflens/analyzeWorkspace', {});
    assert.ok(r.files >= 2, JSON.stringify(r));
    assert.ok(client.isAlive);
  };

  test('the workspace scan skips binary, huge and minified files with a coded log line each', async () => {
    await client.waitForLog(/workspace scan done/);
    await client.waitForLog(/\[PL1003\] .*vendor[/\\]bundle\.js/);
    await client.waitForLog(/\[PL1003\] .*src[/\\]mid\.js: .*minified/);
    await client.waitForLog(/\[PL1002\] .*assets[/\\]blob\.js/);
    await client.waitForLog(/\[PL1009\] .*src[/\\]broken\.js: .*syntax error/);
    await stillAnswers();
  });

  test('invalid editor settings are logged (PL2002) and defaults used', async () => {
    await client.waitForLog(/\[PL2002\].*sync-io/);
    await client.waitForLog(/\[PL2002\].*no-such-rule/);
    await client.waitForLog(/\[PL2002\].*profile\.args/);
    const uri = await client.open(ws.path('app.js'), EXPRESS_SYNC_IO);
    const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.some((d) => d.code === 'sync-io'));
    assert.equal(p.diagnostics.find((d) => d.code === 'sync-io')!.range.start.line, EXPRESS_SYNC_IO_LINE);
  });

  test('open buffers: 5 MB minified, binary and broken text → no crash, nothing published for skipped files', async () => {
    const bigUri = await client.open(ws.path('vendor/opened.js'), big);
    const binUri = await client.open(ws.path('assets/opened.js'), BINARY.toString('latin1'));
    const brokenUri = await client.open(ws.path('src/opened-broken.js'), BROKEN);
    await client.waitForLog(/\[PL1003\] .*vendor[/\\]opened\.js/);
    await client.waitForLog(/\[PL1002\] .*assets[/\\]opened\.js/);
    await client.waitForLog(/\[PL1009\] .*opened-broken\.js/);
    await stillAnswers();
    assert.equal(client.published.get(bigUri)?.diagnostics.length ?? 0, 0);
    assert.equal(client.published.get(binUri)?.diagnostics.length ?? 0, 0);
    // typing into the broken file logs once, not once per keystroke
    const before = client.logs.filter((l) => l.includes('opened-broken.js')).length;
    for (let i = 0; i < 5; i++) await client.change(brokenUri, BROKEN + `// edit ${i}\n`);
    await stillAnswers(); // the scan waits for queued edits first, so they have been analysed
    assert.equal(client.logs.filter((l) => l.includes('opened-broken.js')).length, before);
  });

  test('a handler that throws is logged with PL2001 and answered with an empty result', async () => {
    const uri = client.uri(ws.path('app.js'));
    const r = await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: null, context: null });
    assert.deepEqual(r, []);
    await client.waitForLog(/\[PL2001\].*textDocument\/codeAction/);
    const unknown = await client.conn.sendRequest('workspace/executeCommand', { command: 'perflens.nope', arguments: [] });
    assert.equal(unknown, null);
    await stillAnswers();
  });

  test('didChange for a document that was never opened, and didClose twice, are harmless', async () => {
    const ghost = client.uri(ws.path('ghost.js'));
    await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: ghost, version: 7 }, contentChanges: [{ text: 'x' }] });
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: ghost } });
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'javascript', version: 1, text: EXPRESS_SYNC_IO } });
    await stillAnswers();
  });
});
