/**
 * The self-contained HTML report (node side): the built webview bundle, its CSS and the profile as
 * an embedded JSON loadProfile message, under a strict CSP with a fresh nonce. Opens offline in any
 * browser; `perflens report` and `perflens profile --html` both write it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../profile/model';
import type { LoadProfileMessage, WebviewFinding } from '../protocol/webview-messages';
import { profileToWire } from './flame-wire';
import { buildPanelHtml, createNonce } from './panel-html';

export interface ReportPageOptions {
  title: string;
  source?: string;
  durationMs?: number;
  findings?: WebviewFinding[];
  /** path of the built webview bundle; default: found next to the CLI bundle */
  webviewBundle?: string;
  /** force a colour scheme; default follows the viewer's OS setting */
  theme?: 'dark' | 'light';
}

/** dist/webview.js: beside dist/cli.js when bundled, or the repo's dist/ when run from source. */
export function findWebviewBundle(): string | undefined {
  const fromEnv = process.env.PERFLENS_WEBVIEW_JS;
  const candidates = [
    ...(fromEnv ? [fromEnv] : []),
    join(__dirname, 'webview.js'),
    join(__dirname, '..', '..', '..', 'dist', 'webview.js'),
  ];
  return candidates.find((p) => existsSync(p));
}

export function buildReportHtml(profile: Profile, o: ReportPageOptions): string {
  const bundlePath = o.webviewBundle ?? findWebviewBundle();
  if (!bundlePath) throw new Error('the flame graph bundle (dist/webview.js) was not found; run `npm run build`');
  const data: LoadProfileMessage = {
    type: 'loadProfile',
    tree: profileToWire(profile),
    meta: { title: o.title, ...(o.source ? { source: o.source } : {}), ...(o.durationMs !== undefined ? { durationMs: o.durationMs } : {}) },
    findings: o.findings ?? [],
  };
  return buildPanelHtml({
    nonce: createNonce(),
    inlineScript: readFileSync(bundlePath, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'),
    data,
    title: `PerfLens — ${o.title}`,
    ...(o.theme ? { bodyClass: o.theme === 'dark' ? 'vscode-dark' : 'vscode-light' } : {}),
  });
}
