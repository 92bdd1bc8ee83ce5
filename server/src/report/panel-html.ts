/**
 * Builds the flame page's HTML for both hosts:
 * - the VS Code panel / custom editor: `buildPanelHtml({ nonce, scriptUri, cspSource })`, data follows by postMessage;
 * - the CLI's self-contained report: `buildPanelHtml({ nonce, inlineScript, data })`, the script and the
 *   loadProfile message embedded (the data as an escaped application/json block, never as script).
 * Either way a strict CSP with a per-page nonce, no remote content, and no profile text in the markup.
 */
import { randomBytes } from 'node:crypto';
import { EMBEDDED_DATA_ID, type LoadProfileMessage } from '../protocol/webview-messages';

export { EMBEDDED_DATA_ID };
import { WEBVIEW_CSS } from './webview-css';

export interface PanelHtmlOptions {
  /** a fresh random nonce per page load (createNonce) */
  nonce: string;
  /** webview: URI of dist/webview.js from webview.asWebviewUri */
  scriptUri?: string;
  /** report: the contents of dist/webview.js, inlined */
  inlineScript?: string;
  /** webview: `webview.cspSource`; omit in the standalone report */
  cspSource?: string;
  /** report: the profile to show, embedded as JSON */
  data?: LoadProfileMessage;
  title?: string;
  /** e.g. 'vscode-dark' for a report that should not follow the OS colour scheme */
  bodyClass?: string;
}

export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(nonce: string, cspSource?: string): string {
  const src = cspSource ? `${cspSource} ` : '';
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${src}'nonce-${nonce}'`,
    `img-src ${src}data:`,
    `font-src ${src}data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function buildPanelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('nonce must be at least 16 base64 characters');
  if (!o.scriptUri === !o.inlineScript) throw new Error('give exactly one of scriptUri and inlineScript');
  const nonce = o.nonce;
  const script = o.scriptUri
    ? `<script nonce="${nonce}" src="${escapeAttribute(o.scriptUri)}"></script>`
    : `<script nonce="${nonce}">${escapeInlineScript(o.inlineScript!)}</script>`;
  const data = o.data
    ? `<script type="application/json" id="${EMBEDDED_DATA_ID}">${escapeJsonForHtml(JSON.stringify(o.data))}</script>\n`
    : '';
  const bodyClass = o.bodyClass ? ` class="${escapeAttribute(o.bodyClass)}"` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(nonce, o.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(o.title ?? 'PerfLens flame graph')}</title>
<style nonce="${nonce}">${WEBVIEW_CSS}</style>
</head>
<body${bodyClass}>
<div id="app"></div>
${data}${script}
</body>
</html>
`;
}

/** JSON text that cannot end its script element or open a comment: <, >, & and line separators escaped. */
export function escapeJsonForHtml(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Keeps an inlined bundle from closing its own <script> element (`<\/` is the same string in JS). */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For double-quoted attribute values (every attribute here is double-quoted). */
export function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
