/**
 * Runs inside code-server's real extension host (Node 24), against the workspace in
 * test/e2e/vscode/workspace. Polls, never sleeps a fixed time.
 */
import { describe, it, before } from 'mocha';
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PerfLensApi } from '../../../../client/src/extension';

const EXTENSION_ID = 'perflens.perflens';

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function perflensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'perflens');
}

describe('PerfLens in a real VS Code', () => {
  let api: PerfLensApi;
  const report = workspaceFile('report.js');

  before(async () => {
    const ext = vscode.extensions.getExtension<PerfLensApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await vscode.window.showTextDocument(report);
    api = await until('activation', async () => (ext.isActive ? ext.exports : await ext.activate()));
  });

  it('activates in under 50 ms (the language server starts in the background)', () => {
    console.log(`activation took ${api.activationMs.toFixed(1)} ms`);
    assert.ok(api.activationMs < 50, `activation took ${api.activationMs.toFixed(1)} ms`);
  });

  it('registers every command of its manifest', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const declared = (ext.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
  });

  it('publishes a quadratic-loop diagnostic with its rule id and doc link', async () => {
    const diag = await until('a perflens diagnostic', () => perflensDiagnostics(report).find((d) => codeOf(d) === 'quadratic-loop'));
    assert.equal(diag.range.start.line, 10, 'points at the includes() line');
    assert.match(diag.message, /existing/);
    const code = diag.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'file');
    assert.match(code.target.path, /docs\/rules\/quadratic-loop\.md$/);
  });

  it('applies a quick fix and the diagnostic goes away', async () => {
    const doc = await vscode.workspace.openTextDocument(report);
    const original = doc.getText();
    const diag = await until('diagnostic', () => perflensDiagnostics(report).find((d) => codeOf(d) === 'quadratic-loop'));
    const actions = await until('code actions', async () => {
      const list = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', report, diag.range, 'quickfix');
      return list?.some((a) => a.edit && /Set/.test(a.title)) ? list : undefined;
    });
    const fix = actions.find((a) => a.edit && /Set/.test(a.title))!;
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /new Set\(/);
    await until('diagnostic cleared', () => perflensDiagnostics(report).every((d) => codeOf(d) !== 'quadratic-loop') || undefined);
    // restore for the profile test (the slow version has the known hot line)
    const all = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(report, all, original);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
  });

  it('profiles the current script and marks the hot line', async () => {
    await vscode.workspace.getConfiguration('perflens').update('hotspots.display', 'both', vscode.ConfigurationTarget.Workspace);
    const editor = await vscode.window.showTextDocument(report);
    const result = await vscode.commands.executeCommand<{ hotspots: { file: string; line: number; share: number }[] }>('perflens.profileCurrentScript');
    assert.ok(result, 'the profile command returned a result');
    const inReport = result.hotspots.filter((h) => h.file.endsWith('report.js'));
    assert.ok(inReport.length > 0, `hotspots in report.js: ${JSON.stringify(result.hotspots.slice(0, 5))}`);
    assert.equal(inReport[0]!.line, 11, 'the includes() line is the hottest line of report.js');
    const levels = api.decorations.rangesFor(editor.document);
    assert.ok(levels.some((ranges) => ranges.some((r) => r.start.line === 10)), 'line 11 is decorated');
    assert.equal(api.state.last?.result.hotspots[0]?.line, result.hotspots[0]?.line);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(10, 6));
    const hoverText = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(hoverText, /measured hot line/, hoverText);
    assert.match(hoverText, /\d+(\.\d+)?% · self .* · total /, hoverText);
  });

  it('opens the flame graph panel for the last profile', async () => {
    await vscode.commands.executeCommand('perflens.showFlameGraph');
    await until('flame graph tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith('Flame:')),
    );
  });

  it('clears hotspots', async () => {
    await vscode.commands.executeCommand('perflens.clearHotspots');
    assert.equal(api.state.last, undefined);
    const editor = await vscode.window.showTextDocument(report);
    assert.ok(api.decorations.rangesFor(editor.document).every((r) => r.length === 0));
  });
});

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}
