/** `perflens` CLI entry: dispatches subcommands. Exit codes: 0 ok, 1 findings at/above --fail-on, 2 usage/internal error. */
import { VERSION } from '../version';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  analyze: { summary: 'find performance anti-patterns (text, json, sarif)', load: async () => (await import('./analyze')).runAnalyze },
  profile: { summary: 'run a script under the V8 profiler and rank hotspots', load: async () => (await import('./profile')).runProfile },
  report: { summary: 'write a self-contained flame graph page for a saved profile', load: async () => (await import('./report')).runReport },
  lsp: { summary: 'start the language server (--stdio)', load: async () => (await import('./lsp-command')).runLsp },
};

export function usage(): string {
  const lines = [`perflens ${VERSION}`, '', 'Usage: perflens <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `perflens <command> --help` for a command\'s options.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`perflens: unknown command "${name}"\n\n${usage()}\n`);
    return 2;
  }
  return (await cmd.load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // `lsp` keeps running: it returns -1 and the connection decides when to exit.
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`perflens: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
