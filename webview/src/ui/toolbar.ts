/** The bar above the graph: view tabs, search box with its result line, the "only my code" switch, reset. */
import type { ViewKind } from '../../../server/src/protocol/webview-messages';
import { el } from './dom';

export interface ToolbarHandlers {
  onView: (view: ViewKind) => void;
  onSearch: (query: string) => void;
  onOnlyMyCode: (on: boolean) => void;
  onReset: () => void;
}

const VIEWS: Array<[ViewKind, string]> = [
  ['flame', 'Flame graph'],
  ['chart', 'Flame chart'],
  ['sandwich', 'Sandwich'],
  ['table', 'Bottom-up'],
];

export class Toolbar {
  readonly element: HTMLElement;
  readonly search: HTMLInputElement;
  readonly onlyMyCode: HTMLInputElement;
  private readonly info: HTMLSpanElement;
  private readonly title: HTMLSpanElement;
  private readonly tabs = new Map<ViewKind, HTMLButtonElement>();

  constructor(handlers: ToolbarHandlers) {
    const tabList = el('div', { className: 'tabs', attrs: { role: 'tablist' } });
    for (const [view, label] of VIEWS) {
      const b = el('button', { className: 'tab', text: label, attrs: { role: 'tab', 'data-view': view, type: 'button' } });
      b.addEventListener('click', () => handlers.onView(view));
      this.tabs.set(view, b);
      tabList.append(b);
    }
    this.search = el('input', {
      className: 'search',
      attrs: { type: 'search', placeholder: 'Search functions (text or /regex/)', 'aria-label': 'Search functions', spellcheck: 'false' },
    });
    this.search.addEventListener('input', () => handlers.onSearch(this.search.value));
    this.search.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') { this.search.value = ''; handlers.onSearch(''); this.search.blur(); ev.stopPropagation(); }
    });
    this.info = el('span', { className: 'search-info', attrs: { 'aria-live': 'polite' } });
    this.onlyMyCode = el('input', { attrs: { type: 'checkbox', id: 'only-my-code' } });
    this.onlyMyCode.addEventListener('change', () => handlers.onOnlyMyCode(this.onlyMyCode.checked));
    const filterLabel = el('label', { className: 'filter', attrs: { for: 'only-my-code' } }, this.onlyMyCode, document.createTextNode(' Only my code'));
    const reset = el('button', { className: 'reset', text: 'Reset zoom', attrs: { type: 'button', title: 'Reset zoom (Esc)' } });
    reset.addEventListener('click', () => handlers.onReset());
    this.title = el('span', { className: 'title' });
    this.element = el('header', { className: 'toolbar' }, this.title, tabList, this.search, this.info, filterLabel, reset);
  }

  setView(view: ViewKind): void {
    for (const [v, b] of this.tabs) {
      b.setAttribute('aria-selected', String(v === view));
      b.classList.toggle('active', v === view);
    }
  }

  setViewEnabled(view: ViewKind, enabled: boolean, why: string): void {
    const b = this.tabs.get(view)!;
    b.disabled = !enabled;
    b.title = enabled ? '' : why;
  }

  setInfo(text: string, error = false): void {
    this.info.textContent = text;
    this.info.classList.toggle('error', error);
    this.search.setAttribute('aria-invalid', String(error));
  }

  setTitle(text: string): void {
    this.title.textContent = text;
  }
}
