/**
 * Heat decorations for measured hot lines: a gutter bar and a faint line background whose strength
 * follows the line's share of CPU. Theme-aware (a theme colour, not a fixed red). Hover on a hot
 * line shows self/total time, share and the callees the line spends its time in.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProfileState } from './profile-state';
import { readSettings } from './settings';
import type { ProfileRequest } from '../../server/src/protocol/lsp-methods';

const LEVELS = 5;

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

export function hotspotLabel(h: ProfileRequest.Hotspot): string {
  return `${(h.share * 100).toFixed(1)}% · self ${formatMs(h.selfMs)} · total ${formatMs(h.totalMs)}`;
}

/** One callee of a hot line for the hover: name (code-escaped), where it is, its total time and share. */
export function calleeLabel(c: ProfileRequest.Callee): string {
  const name = (c.name || '(anonymous)').replace(/`/g, "'");
  const where = c.file ? ` \`${path.basename(c.file).replace(/`/g, "'")}:${c.line}\`` : '';
  return `\`${name}\`${where} — ${formatMs(c.totalMs)} · ${(c.share * 100).toFixed(1)}%`;
}

/** Maps a share (0..1) to one of LEVELS buckets; hotter lines get stronger colour. */
export function heatLevel(share: number, maxShare: number): number {
  if (maxShare <= 0) return 0;
  return Math.min(LEVELS - 1, Math.floor((share / maxShare) * LEVELS));
}

export class HotspotDecorations implements vscode.Disposable {
  private readonly types: vscode.TextEditorDecorationType[];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: ProfileState) {
    // Theme colours contributed in package.json (perflens.heat1..5), so themes and high contrast can restyle them.
    this.types = Array.from({ length: LEVELS }, (_, i) =>
      vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor(`perflens.heat${i + 1}`),
        overviewRulerColor: new vscode.ThemeColor('perflens.heatRuler'),
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        borderColor: new vscode.ThemeColor('perflens.heatRuler'),
        borderStyle: 'solid',
        borderWidth: '0 0 0 3px',
      }),
    );
    this.disposables.push(
      state.onDidChange(() => this.refreshAll()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('perflens.hotspots') && this.refreshAll()),
      vscode.languages.registerHoverProvider([{ scheme: 'file' }], { provideHover: (doc, pos) => this.hover(doc, pos) }),
    );
    this.refreshAll();
  }

  private enabled(): boolean {
    const display = readSettings().hotspots.display;
    return display === 'heatbar' || display === 'both';
  }

  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.refresh(editor);
  }

  /** Lines decorated per level in an editor (exposed for tests). */
  rangesFor(document: vscode.TextDocument): vscode.Range[][] {
    const buckets: vscode.Range[][] = Array.from({ length: LEVELS }, () => []);
    if (!this.enabled()) return buckets;
    const hot = this.state.hotspotsOf(document.uri.fsPath).filter((h) => h.share >= 0.005);
    const max = Math.max(0, ...hot.map((h) => h.share));
    for (const h of hot) {
      if (h.line < 1 || h.line > document.lineCount) continue;
      buckets[heatLevel(h.share, max)]!.push(document.lineAt(h.line - 1).range);
    }
    return buckets;
  }

  private refresh(editor: vscode.TextEditor): void {
    const buckets = this.rangesFor(editor.document);
    this.types.forEach((t, i) => editor.setDecorations(t, buckets[i]!));
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const h = this.state.hotspotsOf(document.uri.fsPath).find((x) => x.line === position.line + 1);
    if (!h) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**PerfLens** — measured hot line\n\n`);
    md.appendMarkdown(`$(flame) ${hotspotLabel(h)}\n\n`);
    const fns = (this.state.last?.result.functions ?? [])
      .filter((f) => f.file.replace(/\\/g, '/') === document.uri.fsPath.replace(/\\/g, '/') && f.line <= h.line)
      .sort((a, b) => b.line - a.line);
    const fn = fns[0];
    if (fn) md.appendMarkdown(`in \`${fn.name || '(anonymous)'}\`: self ${formatMs(fn.selfMs)}, total ${formatMs(fn.totalMs)}\n\n`);
    if (h.callees?.length) md.appendMarkdown(`calls:\n\n${h.callees.map((c) => `- ${calleeLabel(c)}`).join('\n')}\n\n`);
    md.appendMarkdown(`[Show flame graph](command:perflens.showFlameGraph)`);
    md.isTrusted = { enabledCommands: ['perflens.showFlameGraph'] };
    return new vscode.Hover(md, document.lineAt(position.line).range);
  }

  dispose(): void {
    this.types.forEach((t) => t.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
