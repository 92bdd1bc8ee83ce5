/**
 * Starts the bundled language server over node IPC and keeps it alive: when it dies, the user is
 * told (not silently restarted forever) and can restart it from the message.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  CloseAction,
  ErrorAction,
  State,
  type LanguageClientOptions,
  type ServerOptions,
  type ErrorHandler,
  type Message,
  type CloseHandlerResult,
  type ErrorHandlerResult,
} from 'vscode-languageclient/node';
import { log } from './log';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];
  error(_error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }
  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length <= MAX_RESTARTS) {
      log().warn(`The PerfLens server stopped; restarting (${this.restarts.length}/${MAX_RESTARTS}).`);
      void vscode.window.showWarningMessage('PerfLens: the analysis server stopped unexpectedly and was restarted. See "PerfLens: Show Log".');
      return { action: CloseAction.Restart, handled: true };
    }
    void vscode.window
      .showErrorMessage(`PerfLens: the analysis server stopped ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted.`, 'Show Log', 'Restart')
      .then((choice) => {
        if (choice === 'Show Log') log().show();
        if (choice === 'Restart') void vscode.commands.executeCommand('perflens.restartServer');
      });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=127.0.0.1:6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ scheme: 'file', language })),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{.perflensrc.json,tsconfig.json,jsconfig.json}') },
    outputChannel: log(),
    errorHandler: new RestartingErrorHandler(),
    initializationOptions: { extensionVersion: context.extension.packageJSON.version as string },
  };
  return new LanguageClient('perflens', 'PerfLens', serverOptions, clientOptions);
}

export function isRunning(client: LanguageClient | undefined): client is LanguageClient {
  return !!client && client.state === State.Running;
}
