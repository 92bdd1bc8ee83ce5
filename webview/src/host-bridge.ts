/**
 * The page's link to its host. Inside VS Code: acquireVsCodeApi() for postMessage and persisted
 * state. Standalone (the HTML report): data comes from the embedded JSON script tag, state is kept
 * in memory, and host-only actions degrade (openSource copies `file:line`; applyFix explains).
 */
import {
  EMBEDDED_DATA_ID,
  isHostToWebviewMessage,
  type HostToWebviewMessage,
  type WebviewState,
  type WebviewToHostMessage,
} from '../../server/src/protocol/webview-messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  interface Window {
    acquireVsCodeApi?: () => VsCodeApi;
  }
}

export interface HostBridge {
  readonly standalone: boolean;
  post(message: WebviewToHostMessage): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
  onMessage(handler: (message: HostToWebviewMessage) => void): void;
}

export function createHostBridge(status: (text: string) => void): HostBridge {
  const api = typeof window.acquireVsCodeApi === 'function' ? window.acquireVsCodeApi() : undefined;
  const listen = (handler: (m: HostToWebviewMessage) => void) => {
    window.addEventListener('message', (ev: MessageEvent) => {
      if (isHostToWebviewMessage(ev.data)) handler(ev.data);
    });
  };
  if (api) {
    return {
      standalone: false,
      post: (m) => api.postMessage(m),
      getState: () => (api.getState() as WebviewState | undefined) ?? undefined,
      setState: (s) => api.setState(s),
      onMessage: listen,
    };
  }
  let memory: WebviewState | undefined;
  return {
    standalone: true,
    post: (m) => {
      if (m.type === 'openSource') {
        const where = m.line > 0 ? `${m.file}:${m.line}` : m.file;
        void navigator.clipboard?.writeText(where).catch(() => undefined);
        status(`Source: ${where} (copied when the browser allows it)`);
      } else if (m.type === 'applyFix') {
        status('Applying a fix needs the PerfLens extension; open the project in VS Code.');
      }
      window.dispatchEvent(new CustomEvent('perflens:post', { detail: m }));
    },
    getState: () => memory,
    setState: (s) => { memory = s; },
    onMessage: listen,
  };
}

/** The loadProfile message embedded in the report page, if any (JSON, never executed). */
export function readEmbeddedData(): unknown {
  const node = document.getElementById(EMBEDDED_DATA_ID);
  if (!node || node.getAttribute('type') !== 'application/json') return undefined;
  const text = node.textContent ?? '';
  return text.trim() === '' ? undefined : JSON.parse(text);
}
