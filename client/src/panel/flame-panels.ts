/**
 * Hosts the flame graph webview: the "Show Flame Graph" panel for the last profile run and the
 * custom editor for .cpuprofile/.heapprofile files. The profile is parsed here (pure model) and
 * sent as a compact tree by postMessage; the page itself never receives HTML from the profile.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { readProfileFile } from '../../../server/src/profile/read-file';
import { withSourcePositions } from '../../../server/src/profiler/source-positions';
import { profileToWire } from '../../../server/src/report/flame-wire';
import { buildPanelHtml, createNonce } from '../../../server/src/report/panel-html';
import {
  isWebviewToHostMessage,
  type HostToWebviewMessage,
  type WebviewFinding,
  type WebviewToHostMessage,
} from '../../../server/src/protocol/webview-messages';
import { LoadProfileRequest } from '../../../server/src/protocol/profile-notifications';
import type { ProfileState } from '../profile-state';
import { log } from '../log';
import { applyFindingFix } from './apply-fix';

interface Loaded {
  message: Extract<HostToWebviewMessage, { type: 'loadProfile' }>;
}

export class FlamePanels implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelProfile: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly state: ProfileState,
    private readonly getClient: () => Promise<LanguageClient>,
  ) {}

  async showLast(): Promise<void> {
    const last = this.state.last;
    if (!last) {
      const choice = await vscode.window.showInformationMessage('PerfLens: no profile yet. Profile the current script, or open a saved profile.', 'Profile Current Script', 'Open Profile…');
      if (choice === 'Profile Current Script') await vscode.commands.executeCommand('perflens.profileCurrentScript');
      if (choice === 'Open Profile…') await this.openProfile();
      return;
    }
    await this.showInPanel(last.result.profile, last.script);
  }

  async openProfile(uri?: vscode.Uri): Promise<void> {
    const target =
      uri ??
      (
        await vscode.window.showOpenDialog({
          canSelectMany: false,
          filters: { 'V8 profiles': ['cpuprofile', 'heapprofile'], 'speedscope JSON': ['json'] },
          openLabel: 'Open Profile',
        })
      )?.[0];
    if (!target) return;
    await this.showInPanel(target.fsPath, path.basename(target.fsPath));
    // Hot lines of a saved profile light up too (the server maps them to the workspace's files).
    try {
      const client = await this.getClient();
      const result = await client.sendRequest(LoadProfileRequest.type, { path: target.fsPath });
      if (result) this.state.set({ result, script: path.basename(target.fsPath), finishedAt: new Date() });
    } catch (err) {
      log().warn(`hotspots of ${target.fsPath} not shown in the editor: ${String(err)}`);
    }
  }

  private async showInPanel(profilePath: string, title: string): Promise<void> {
    this.panelProfile = profilePath;
    if (!this.panel) {
      // A fresh panel asks for its profile with `ready`: loading it here too would parse it twice.
      this.panel = vscode.window.createWebviewPanel('perflens.flame', 'PerfLens Flame Graph', vscode.ViewColumn.Beside, this.webviewOptions());
      this.panel.onDidDispose(() => (this.panel = undefined), null, this.disposables);
      this.attach(this.panel.webview, () => this.load(this.panelProfile!, `Flame graph — ${title}`));
      this.panel.title = `Flame: ${title}`;
      return;
    }
    this.panel.reveal(vscode.ViewColumn.Beside);
    this.panel.title = `Flame: ${title}`;
    const loaded = await this.load(profilePath, `Flame graph — ${title}`);
    if (loaded) void this.panel.webview.postMessage(loaded.message);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist')],
      retainContextWhenHidden: false,
    };
  }

  /** Sets the page and wires its messages; `source` produces the profile message on `ready`. */
  private attach(webview: vscode.Webview, source: () => Promise<Loaded | undefined>): void {
    webview.options = this.webviewOptions();
    const nonce = createNonce();
    webview.html = buildPanelHtml({
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js')).toString(),
      cspSource: webview.cspSource,
    });
    webview.onDidReceiveMessage(
      async (raw: unknown) => {
        if (!isWebviewToHostMessage(raw)) return log().warn('ignored a malformed message from the flame graph page');
        await this.onMessage(webview, raw, source);
      },
      null,
      this.disposables,
    );
  }

  private async onMessage(webview: vscode.Webview, msg: WebviewToHostMessage, source: () => Promise<Loaded | undefined>): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        void webview.postMessage({ type: 'theme', kind: themeKind() } satisfies HostToWebviewMessage);
        const loaded = await source();
        if (loaded) void webview.postMessage(loaded.message);
        return;
      }
      case 'openSource': {
        if (!msg.file || /^(node:|https?:)/.test(msg.file)) return;
        const line = Math.max(0, msg.line - 1);
        const col = Math.max(0, msg.col - 1);
        try {
          await vscode.window.showTextDocument(vscode.Uri.file(msg.file), {
            viewColumn: vscode.ViewColumn.One,
            selection: new vscode.Range(line, col, line, col),
          });
        } catch (err) {
          void vscode.window.showWarningMessage(`PerfLens: cannot open ${msg.file}: ${(err as Error).message}`);
        }
        return;
      }
      case 'applyFix':
        await applyFindingFix(msg);
        return;
      case 'stateChanged':
        return; // the page keeps its own state via setState; nothing to persist host-side
    }
  }

  private async load(profilePath: string, title: string): Promise<Loaded | undefined> {
    try {
      // streamed (no whole-file string for a 200 MB profile); compiled code shown at its source positions
      const { profile, problems } = withSourcePositions(await readProfileFile(profilePath));
      for (const problem of problems) log().warn(`${profilePath}: ${problem}`);
      const findings = this.findingsFor();
      return {
        message: {
          type: 'loadProfile',
          tree: profileToWire(profile),
          meta: { title, source: profilePath, durationMs: this.state.last?.result.durationMs },
          findings,
        },
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log().error(`cannot show ${profilePath}: ${message}`);
      void vscode.window.showErrorMessage(`PerfLens: cannot show ${path.basename(profilePath)}: ${message}`);
      return undefined;
    }
  }

  private findingsFor(): WebviewFinding[] {
    const run = this.state.last;
    if (!run) return [];
    return run.result.findings.map((f, i) => ({
      id: `${i}:${f.ruleId}:${f.file}:${f.line}`,
      ruleId: f.ruleId,
      file: f.file,
      uri: vscode.Uri.file(f.file).toString(),
      range: { start: { line: f.line - 1, character: 0 }, end: { line: f.line - 1, character: Number.MAX_SAFE_INTEGER } },
      message: f.message,
      severity: 'warning',
      ...(f.costMs !== undefined ? { cost: { selfMs: f.costMs, totalMs: f.costMs, share: f.share ?? 0 } } : {}),
    }));
  }

  customEditorProvider(): vscode.CustomReadonlyEditorProvider {
    return {
      openCustomDocument: (uri) => ({ uri, dispose: () => undefined }),
      resolveCustomEditor: (document, panel) => {
        this.attach(panel.webview, () => this.load(document.uri.fsPath, path.basename(document.uri.fsPath)));
      },
    };
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

function themeKind(): 'light' | 'dark' | 'highContrast' | 'highContrastLight' {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'highContrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'highContrastLight';
    default:
      return 'dark';
  }
}
