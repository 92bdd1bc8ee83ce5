/**
 * `npm start`: the demo a newcomer runs. Packages the extension, starts a real VS Code (code-server,
 * installed by test/e2e/vscode/setup.sh) on 127.0.0.1 with PerfLens installed and samples/ open,
 * prints the URL, and stops on Ctrl+C.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startCodeServer, assertInstalled } from '../test/e2e/vscode/code-server';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..');
  try {
    assertInstalled();
  } catch (err) {
    console.error(`${(err as Error).message}\nRun: bash test/e2e/vscode/setup.sh`);
    process.exit(2);
  }
  const vsix = join(mkdtempSync(join(tmpdir(), 'perflens-demo-')), 'perflens.vsix');
  console.log('packaging the extension…');
  execFileSync(process.execPath, ['scripts/package-vsix.mjs', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await startCodeServer({ vsix: [vsix], settings: { 'perflens.hotspots.display': 'both' } });
  const url = `${server.url}/?folder=${encodeURIComponent(join(root, 'samples'))}`;
  console.log(`\nPerfLens demo: open ${url}\n(open a sample, run "PerfLens: Profile Current Script"; Ctrl+C stops)\n`);
  const stop = async (): Promise<void> => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise(() => undefined);
}

void main();
