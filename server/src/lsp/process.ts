/**
 * Runs the language server in this process. vscode-languageserver picks the transport from the
 * command line (`--stdio`, `--node-ipc`, `--socket=<port>`, `--pipe=<name>`) and, for stdio, routes
 * console.* to the client log so stdout stays pure JSON-RPC.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

export function hasTransportArg(argv: readonly string[]): boolean {
  return argv.some((a) => TRANSPORTS.some((t) => a === t || a.startsWith(t + '=')));
}

export function runServerProcess(): void {
  // A stray exception must not end the session: log it (stdout belongs to the protocol).
  process.on('uncaughtException', (err) => console.error(`[PL2001] uncaught: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => console.error(`[PL2001] unhandled rejection: ${String(err)}`));
  startServer(createConnection(ProposedFeatures.all));
}
