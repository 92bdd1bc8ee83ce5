/**
 * Entry of dist/server.js: `node dist/server.js --stdio` (any editor) or `--node-ipc` (our VS Code
 * client). `perflens lsp …` (cli/lsp-command.ts) runs the same server.
 */
import { hasTransportArg, runServerProcess } from './process';

if (!hasTransportArg(process.argv.slice(2))) {
  process.stderr.write('perflens language server: pass --stdio, --node-ipc, --socket=<port> or --pipe=<name>\n');
  process.exit(2);
}
runServerProcess();
