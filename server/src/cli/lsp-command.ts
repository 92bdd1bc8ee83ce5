/** `perflens lsp --stdio` (Neovim, Helix, Emacs…) or `--node-ipc` (VS Code): runs the language server. */
import { hasTransportArg, runServerProcess } from '../lsp/process';

const USAGE = `Usage: perflens lsp --stdio | --node-ipc | --socket=<port> | --pipe=<name>

Starts the PerfLens language server. Editors start it themselves; for Neovim:
  vim.lsp.start({ name = 'perflens', cmd = { 'perflens', 'lsp', '--stdio' } })`;

export async function runLsp(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!hasTransportArg(argv)) {
    process.stderr.write(`perflens lsp: choose a transport\n\n${USAGE}\n`);
    return 2;
  }
  runServerProcess();
  return -1; // keeps running; the connection ends the process on exit
}
