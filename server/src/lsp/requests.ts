/**
 * Custom requests (protocol/lsp-methods.ts) and the server's commands:
 * - `perflens/analyzeWorkspace`: a full scan now, answered with counts when it ends.
 * - `perflens.openDocs` (workspace/executeCommand): opens a rule's doc with `window/showDocument`
 *   (LSP 3.16), or shows the link in a message for clients without it.
 */
import type { Connection } from 'vscode-languageserver';
import { AnalyzeWorkspaceRequest, Commands } from '../protocol/lsp-methods';
import { guard } from './guard';
import type { ServerFeature, Services } from './services';
import { uriToPath } from './uris';

export const requestsFeature: ServerFeature = {
  name: 'requests',
  register(connection: Connection, services: Services) {
    const empty: AnalyzeWorkspaceRequest.Result = { files: 0, skipped: 0, findings: 0, byRule: {}, durationMs: 0, cancelled: true };
    connection.onRequest(
      AnalyzeWorkspaceRequest.type,
      guard(services.log, AnalyzeWorkspaceRequest.method, empty, async (params, token) => {
        const folders = params?.folders?.map(uriToPath).filter((p): p is string => p !== undefined);
        const roots = folders?.length ? services.config.allRoots().filter((r) => folders.includes(r)) : undefined;
        const run = services.scanner.start(roots);
        token.onCancellationRequested(() => services.scanner.cancel());
        return run;
      }),
    );

    services.commands.set(Commands.openDocs, async (args) => {
      const href = typeof args[0] === 'string' ? args[0] : undefined;
      if (!href) return;
      if (services.client.capabilities.window?.showDocument?.support) {
        const shown = await connection.window.showDocument({ uri: href, takeFocus: true });
        if (shown.success) return;
      }
      void connection.window.showInformationMessage(`PerfLens documentation: ${href}`);
    });
  },
};
