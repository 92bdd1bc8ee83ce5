/** "Apply" beside a finding in the flame panel: runs the server's quick fix for that finding. */
import * as vscode from 'vscode';
import type { ApplyFixMessage } from '../../../server/src/protocol/webview-messages';

export async function applyFindingFix(msg: ApplyFixMessage): Promise<boolean> {
  const uri = vscode.Uri.parse(msg.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = Math.min(Math.max(0, msg.range.start.line), doc.lineCount - 1);
  const range = doc.lineAt(line).range;
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  const fix = actions.find(
    (a) =>
      a.edit &&
      (a.diagnostics ?? []).some((d) => d.source === 'perflens' && String(typeof d.code === 'object' ? d.code.value : d.code) === msg.ruleId) &&
      !/disable|documentation/i.test(a.title),
  );
  if (!fix?.edit) {
    void vscode.window.showInformationMessage(`PerfLens: no automatic fix for this ${msg.ruleId} finding; see the rule's documentation.`);
    return false;
  }
  await vscode.window.showTextDocument(doc, { selection: range });
  return vscode.workspace.applyEdit(fix.edit);
}
