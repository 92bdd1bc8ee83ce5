/** The "PerfLens" tree: the last profile's hot lines and its findings ranked by measured cost. */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { ProfileState } from '../profile-state';
import { hotspotLabel } from '../hotspot-decorations';

type Node =
  | { kind: 'group'; label: 'Hot lines' | 'Findings by cost' }
  | { kind: 'hotspot'; file: string; line: number; label: string; description: string }
  | { kind: 'finding'; file: string; line: number; label: string; description: string; ruleId: string };

export class ResultsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly state: ProfileState) {
    this.sub = state.onDidChange(() => this.emitter.fire(undefined));
  }

  getChildren(node?: Node): Node[] {
    const run = this.state.last;
    if (!run) return [];
    if (!node) return [{ kind: 'group', label: 'Hot lines' }, { kind: 'group', label: 'Findings by cost' }];
    if (node.kind !== 'group') return [];
    if (node.label === 'Hot lines') {
      return run.result.hotspots.slice(0, 50).map((h) => ({
        kind: 'hotspot' as const,
        file: h.file,
        line: h.line,
        label: `${path.basename(h.file)}:${h.line}`,
        description: hotspotLabel(h),
      }));
    }
    return [...run.result.findings]
      .sort((a, b) => (b.costMs ?? -1) - (a.costMs ?? -1))
      .map((f) => ({
        kind: 'finding' as const,
        file: f.file,
        line: f.line,
        ruleId: f.ruleId,
        label: f.message,
        description: `${f.costMs !== undefined ? `${f.costMs.toFixed(1)} ms · ` : ''}${f.ruleId} · ${path.basename(f.file)}:${f.line}`,
      }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon(node.label === 'Hot lines' ? 'flame' : 'warning');
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = `${node.file}:${node.line}\n${node.description}`;
    item.iconPath = new vscode.ThemeIcon(node.kind === 'hotspot' ? 'pulse' : 'lightbulb');
    item.command = {
      command: 'vscode.open',
      title: 'Open',
      arguments: [vscode.Uri.file(node.file), { selection: new vscode.Range(node.line - 1, 0, node.line - 1, 0) }],
    };
    return item;
  }

  dispose(): void {
    this.sub.dispose();
    this.emitter.dispose();
  }
}
