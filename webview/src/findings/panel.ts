/** Findings beside the graph, most expensive first; selecting one highlights its frames, Apply posts applyFix. */
import type { WebviewFinding } from '../../../server/src/protocol/webview-messages';
import { el } from '../ui/dom';
import type { RankedFinding } from './match';

export interface FindingsHandlers {
  onSelect: (finding: WebviewFinding | null) => void;
  onApply: (finding: WebviewFinding) => void;
  formatCost: (r: RankedFinding) => string;
}

export class FindingsPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly heading: HTMLHeadingElement;
  private selectedId: string | undefined;
  private items = new Map<string, HTMLLIElement>();

  constructor(private readonly handlers: FindingsHandlers) {
    this.heading = el('h2', { text: 'Findings' });
    this.list = el('ol', { className: 'findings-list' });
    this.element = el('aside', { className: 'findings', attrs: { 'aria-label': 'Findings in profiled code' } }, this.heading, this.list);
  }

  set(ranked: RankedFinding[]): void {
    this.items.clear();
    this.heading.textContent = `Findings (${ranked.length})`;
    if (ranked.length === 0) {
      this.list.replaceChildren(el('li', { className: 'empty', text: 'No findings in the profiled files.' }));
      return;
    }
    this.list.replaceChildren(...ranked.map((r) => this.item(r)));
    this.markSelected();
  }

  private item(r: RankedFinding): HTMLLIElement {
    const f = r.finding;
    const base = f.file.split(/[\\/]/).pop() ?? f.file;
    const head = el('div', { className: 'finding-head' },
      el('span', { className: `rule sev-${f.severity}`, text: f.ruleId }),
      el('span', { className: 'cost', text: this.handlers.formatCost(r) }));
    const where = el('div', { className: 'finding-loc', text: `${base}:${f.range.start.line + 1}`, title: f.file });
    const msg = el('div', { className: 'finding-msg', text: f.message });
    const li = el('li', { className: 'finding', attrs: { tabindex: '0', 'data-id': f.id } }, head, where, msg);
    if (f.fixTitle) {
      const apply = el('button', { className: 'apply', text: 'Apply', title: f.fixTitle, attrs: { type: 'button' } });
      apply.addEventListener('click', (ev) => { ev.stopPropagation(); this.handlers.onApply(f); });
      li.append(apply);
    }
    const select = () => this.select(this.selectedId === f.id ? undefined : f.id, f);
    li.addEventListener('click', select);
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(); } });
    this.items.set(f.id, li);
    return li;
  }

  select(id: string | undefined, finding?: WebviewFinding): void {
    this.selectedId = id;
    this.markSelected();
    this.handlers.onSelect(id === undefined ? null : finding ?? null);
  }

  get selected(): string | undefined {
    return this.selectedId;
  }

  private markSelected(): void {
    for (const [id, li] of this.items) li.classList.toggle('selected', id === this.selectedId);
  }
}
