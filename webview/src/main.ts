/**
 * Webview entry (bundled to dist/webview.js). Works inside a VS Code webview (acquireVsCodeApi,
 * data by postMessage) and standalone in the CLI's HTML report (data in a JSON script tag).
 */
import { isHostToWebviewMessage } from '../../server/src/protocol/webview-messages';
import { App } from './app';
import { installDebugApi } from './debug-api';
import { createHostBridge, readEmbeddedData } from './host-bridge';

function start(): void {
  const root = document.getElementById('app') ?? document.body;
  let app: App | undefined;
  const bridge = createHostBridge((text) => app?.setStatus(text));
  app = new App(root, bridge);
  const ready = app;
  installDebugApi(ready);
  bridge.onMessage((m) => {
    if (m.type === 'loadProfile') ready.load(m);
    else if (m.type === 'theme') ready.setTheme(m.kind);
    else ready.highlight(m);
  });
  // VS Code switches themes by changing body classes; re-read the colours when it does
  new MutationObserver(() => ready.refreshTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
  ready.refreshTheme();
  let embedded: unknown;
  try {
    const parseStart = performance.now();
    embedded = readEmbeddedData();
    performance.measure('perflens:parse', { start: parseStart });
  } catch (e) {
    ready.showError(`The embedded profile data is not valid JSON: ${(e as Error).message}`);
  }
  if (embedded !== undefined) {
    if (isHostToWebviewMessage(embedded) && embedded.type === 'loadProfile') ready.load(embedded);
    else ready.showError('The embedded profile data is not a profile.');
  }
  bridge.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
