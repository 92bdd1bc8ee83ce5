/** Analyze Workspace and Clear Hotspots. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyzeWorkspaceRequest } from '../../../server/src/protocol/lsp-methods';
import { ClearHotspotsRequest } from '../../../server/src/protocol/profile-notifications';
import type { ProfileState } from '../profile-state';
import { log } from '../log';

export function registerWorkspaceCommands(getClient: () => Promise<LanguageClient>, state: ProfileState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('perflens.analyzeWorkspace', async () => {
      const client = await getClient();
      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'PerfLens: analysing the workspace', cancellable: true },
        async (_p, token) => {
          const r = await client.sendRequest(AnalyzeWorkspaceRequest.type, {}, token);
          if (r) {
            const msg = `PerfLens: ${r.findings} finding(s) in ${r.files} file(s) (${(r.durationMs / 1000).toFixed(1)} s)${r.skipped ? `, ${r.skipped} skipped` : ''}.`;
            log().info(msg);
            void vscode.window.showInformationMessage(msg, 'Open Problems').then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
          }
          return r;
        },
      );
    }),
    vscode.commands.registerCommand('perflens.clearHotspots', async () => {
      state.set(undefined);
      const client = await getClient();
      await client.sendRequest(ClearHotspotsRequest.type, {});
    }),
  ];
}
