import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO, webviewBundle } from './bundle';

export interface CliResult { code: number; stdout: string; stderr: string }

/** Runs the real CLI entry (through tsx) with the freshly built webview bundle. */
export async function perflens(args: string[]): Promise<CliResult> {
  const bundle = await webviewBundle();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'server/src/cli/main.ts'), ...args], {
    cwd: REPO, encoding: 'utf8', env: { ...process.env, PERFLENS_WEBVIEW_JS: bundle }, timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
