/**
 * Sortable bottom-up table: one row per function with self, total and file:line. Rows are plain DOM
 * (textContent only); the longest tables are capped and narrowed by the search box.
 */
import { select } from 'd3-selection';
import { sortRows, type FunctionRow, type SortKey } from '../flame/bottom-up';
import { el } from '../ui/dom';

export const MAX_TABLE_ROWS = 1000;

export interface TableHandlers {
  onPick: (frame: number) => void;
  onOpen: (frame: number) => void;
  onSort: (key: SortKey, descending: boolean) => void;
  label: (frame: number) => string;
  location: (frame: number) => string;
  weight: (w: number) => string;
  share: (w: number) => string;
}

const COLUMNS: Array<[SortKey | null, string]> = [
  ['self', 'Self'], [null, 'Self %'], ['total', 'Total'], [null, 'Total %'], ['name', 'Function'], ['location', 'Location'],
];

export class TableView {
  readonly element: HTMLDivElement;
  private readonly body: HTMLTableSectionElement;
  private readonly head: HTMLTableRowElement;
  private readonly note: HTMLParagraphElement;
  key: SortKey = 'self';
  descending = true;

  constructor(private readonly h: TableHandlers) {
    this.head = el('tr');
    this.body = el('tbody');
    this.note = el('p', { className: 'table-note' });
    const table = el('table', { className: 'bottom-up' }, el('thead', {}, this.head), this.body);
    this.element = el('div', { className: 'table-scroll' }, table, this.note);
  }

  render(rows: FunctionRow[], nameFilter: ((frame: number) => boolean) | null): void {
    this.head.replaceChildren(...COLUMNS.map(([key, label]) => {
      const th = el('th', { attrs: { scope: 'col' } });
      if (!key) { th.textContent = label; return th; }
      const arrow = this.key === key ? (this.descending ? ' ▼' : ' ▲') : '';
      const b = el('button', { className: 'sort', text: label + arrow, attrs: { type: 'button', 'data-key': key } });
      th.setAttribute('aria-sort', this.key === key ? (this.descending ? 'descending' : 'ascending') : 'none');
      b.addEventListener('click', () => {
        const desc = this.key === key ? !this.descending : key === 'self' || key === 'total';
        this.key = key;
        this.descending = desc;
        this.h.onSort(key, desc);
      });
      th.append(b);
      return th;
    }));
    const sortKeyLabel = this.key === 'location' ? this.h.location : this.h.label;
    const filtered = nameFilter ? rows.filter((r) => nameFilter(r.frame)) : rows;
    const sorted = sortRows(filtered, this.key, this.descending, sortKeyLabel);
    const shown = sorted.slice(0, MAX_TABLE_ROWS);
    // d3 data join keyed by frame: rows that stay are updated in place, text only via .text()
    const cells = (r: FunctionRow) => [
      ['num', this.h.weight(r.self)], ['num', this.h.share(r.self)], ['num', this.h.weight(r.total)],
      ['num', this.h.share(r.total)], ['fn', this.h.label(r.frame)], ['loc', this.h.location(r.frame)],
    ];
    select(this.body).selectAll<HTMLTableRowElement, FunctionRow>('tr')
      .data(shown, (r) => String(r.frame))
      .join((enter) => enter.append('tr')
        .attr('tabindex', '0')
        .attr('data-frame', (r) => String(r.frame))
        .on('click', (ev: MouseEvent, r) => (ev.ctrlKey || ev.metaKey ? this.h.onOpen(r.frame) : this.h.onPick(r.frame)))
        .on('dblclick', (_ev, r) => this.h.onOpen(r.frame))
        .on('keydown', (ev: KeyboardEvent, r) => { if (ev.key === 'Enter') this.h.onPick(r.frame); }))
      .order()
      .selectAll('td')
      .data((r) => cells(r))
      .join('td')
      .attr('class', (c) => c[0]!)
      .text((c) => c[1]!);
    this.note.textContent = sorted.length > shown.length
      ? `Showing ${shown.length} of ${sorted.length} functions; search to narrow.`
      : `${sorted.length} functions.`;
  }
}
