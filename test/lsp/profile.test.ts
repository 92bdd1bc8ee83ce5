/**
 * Profiling over real stdio LSP: perflens/profile runs a script with a known hot line, streams its
 * output, then the server answers inlay hints on that line, a code lens on the hot function, and
 * re-publishes the finding there with its measured cost; clearing removes them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compiledSourceLine, profileCompiledSource } from '../profiler/compiled-profile';
import { InlayHintRequest, CodeLensRequest, type InlayHint, type CodeLens } from 'vscode-languageserver-protocol';
import { ensureBuilt } from './helpers/build';
import { LspClient } from './helpers/lsp-client';
import { makeWorkspace } from './helpers/workspace';
import { ProfileRequest } from '../../server/src/protocol/lsp-methods';
import { ClearHotspotsRequest, LoadProfileRequest, ProfileOutputNotification } from '../../server/src/protocol/profile-notifications';

const REPORT = `'use strict';
/**
 * @param {number[]} wanted
 * @param {number[]} existing
 */
function matchingIds(wanted, existing) {
  const found = [];
  for (const id of wanted) {
    if (existing.includes(id)) found.push(id);
  }
  return found;
}
const existing = Array.from({ length: 20000 }, (_, i) => i * 2);
const wanted = Array.from({ length: 20000 }, (_, i) => i * 3);
console.log('matching ids: ' + matchingIds(wanted, existing).length);
`;
const HOT_LINE = 9; // 1-based: existing.includes(id)

describe('profiling over LSP', () => {
  const ws = makeWorkspace({ 'report.js': REPORT, 'boom.js': "throw new Error('boom');\n" });
  let client: LspClient;
  let uri: string;
  const output: string[] = [];

  before(async () => {
    await ensureBuilt(['server']);
    ({ client } = await LspClient.start({ root: ws.root, settings: {} }));
    client.conn.onNotification(ProfileOutputNotification.type, (p) => void output.push(p.text));
    uri = await client.open(ws.path('report.js'), REPORT);
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'quadratic-loop'));
  });
  after(async () => {
    await client?.shutdown();
    ws.dispose();
  });

  test('perflens/profile returns the hot line, streams output, and the editor gets hints, lenses and costs', { timeout: 120_000 }, async () => {
    const result = await client.conn.sendRequest(ProfileRequest.type, { uri, heap: false });
    assert.ok(result, 'a result');
    assert.equal(result.exit?.reason, 'completed');
    const top = result.hotspots.find((h) => h.file.endsWith('report.js'));
    assert.equal(top?.line, HOT_LINE, JSON.stringify(result.hotspots.slice(0, 3)));
    assert.ok(output.join('').includes('matching ids: 6667'), `script output streamed: ${output.join('')}`);
    // the findings ranked by cost come from the server's own analysis (no worker analysed any file)
    const hotFinding = result.findings.find((f) => f.ruleId === 'quadratic-loop');
    assert.equal(hotFinding?.line, HOT_LINE, JSON.stringify(result.findings));
    assert.ok((hotFinding?.share ?? 0) > 0.2, `share ${hotFinding?.share}`);
    const summary = JSON.parse(readFileSync(result.profile.replace(/\.cpuprofile$/, '.summary.json'), 'utf8')) as { timings: { filesAnalysedDuringRun?: number; filesAnalysedAfterRun?: number } };
    assert.deepEqual([summary.timings.filesAnalysedDuringRun, summary.timings.filesAnalysedAfterRun], [0, 0]);

    const hints = (await client.conn.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    })) as InlayHint[];
    const onHot = hints.find((h) => h.position.line === HOT_LINE - 1);
    assert.ok(onHot, `an inlay hint on line ${HOT_LINE}: ${JSON.stringify(hints)}`);
    assert.match(String(onHot.label), /\d+(\.\d)?% · \d/);

    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    assert.ok(lenses.some((l) => /matchingIds: \d+/.test(l.command?.title ?? '') && l.range.start.line === 5), JSON.stringify(lenses));

    // the static finding on the hot line now carries its measured cost
    const costed = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'quadratic-loop' && /%/.test(typeof d.message === 'string' ? d.message : d.message.value)));
    const diag = costed.diagnostics.find((d) => d.code === 'quadratic-loop')!;
    assert.equal(diag.range.start.line, HOT_LINE - 1);
  });

  test('perflens/clearHotspots removes hints and lenses', async () => {
    await client.conn.sendRequest(ClearHotspotsRequest.type, {});
    const hints = (await client.conn.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
    })) as InlayHint[];
    assert.deepEqual(hints, []);
    const lenses = (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(lenses, []);
  });

  test('a script that throws still returns a result with the reason', { timeout: 60_000 }, async () => {
    const bad = client.uri(ws.path('boom.js'));
    const result = await client.conn.sendRequest(ProfileRequest.type, { uri: bad, heap: false });
    assert.equal(result.exit?.reason, 'exit-code');
    assert.match(result.exit?.message ?? '', /exit|code|1/);
  });

  test('perflens/loadProfile streams a foreign profile of compiled code and maps its hot line through the .map file', { timeout: 120_000 }, async () => {
    // compiled output with an external source map, profiled by node itself (not by PerfLens)
    const { source, profile } = profileCompiledSource(ws.root);
    const result = await client.conn.sendRequest(LoadProfileRequest.type, { path: profile });
    const top = result.hotspots[0];
    assert.equal(top?.file, source, JSON.stringify(result.hotspots.slice(0, 3)));
    assert.equal(top?.line, compiledSourceLine('// HOT'));
  });
});
