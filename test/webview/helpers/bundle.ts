/** Builds dist-equivalent webview.js once per test process into a temp dir (the tests never depend on a stale dist/). */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..', '..', '..');
let built: Promise<string> | undefined;

/** Path of a freshly built webview bundle. */
export function webviewBundle(): Promise<string> {
  built ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'perflens-webview-')), 'webview.js');
    await build({
      entryPoints: [join(REPO, 'webview/src/main.ts')], outfile: out, bundle: true, platform: 'browser',
      format: 'iife', target: 'es2022', minify: true, logLevel: 'warning', legalComments: 'none',
    });
    return out;
  })();
  return built;
}

export async function webviewBundleText(): Promise<string> {
  return readFileSync(await webviewBundle(), 'utf8');
}
