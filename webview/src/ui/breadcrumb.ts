/**
 * Zoom breadcrumb: the path from the root to the zoomed frame; each crumb zooms back to it.
 * Its elements are made once (MAX_CRUMBS buttons, their separators, one "…") and reused: a zoom
 * rewrites texts and re-links only the crumbs it needs, so a click costs no element creation or
 * listener churn; one delegated listener serves every crumb.
 */
import { el } from './dom';

export interface Crumb { label: string; rect: number }

const MAX_CRUMBS = 10;

interface Slot { sep: HTMLSpanElement; button: HTMLButtonElement; rect: number }

export class Breadcrumb {
  readonly element = el('nav', { className: 'breadcrumb', attrs: { 'aria-label': 'Zoom path' } });
  private readonly slots: Slot[] = [];
  private readonly more = el('span', { className: 'more', text: '…' });
  private readonly moreSep = el('span', { className: 'sep', text: '›' });
  private linked: Node[] = [];

  constructor(private readonly onPick: (rect: number) => void) {
    for (let i = 0; i < MAX_CRUMBS; i++) {
      const sep = el('span', { className: 'sep', text: '›' });
      const button = el('button', { className: 'crumb', attrs: { type: 'button', 'data-slot': String(i) } });
      this.slots.push({ sep, button, rect: -1 });
    }
    this.element.addEventListener('click', (ev) => {
      const button = (ev.target as Element | null)?.closest?.('button.crumb');
      if (!button) return;
      const slot = this.slots[Number(button.getAttribute('data-slot'))];
      if (slot && slot.rect >= 0) this.onPick(slot.rect);
    });
  }

  set(crumbs: Crumb[]): void {
    const shown: Array<Crumb | null> = crumbs.length <= MAX_CRUMBS
      ? crumbs
      : [crumbs[0]!, null, ...crumbs.slice(crumbs.length - (MAX_CRUMBS - 2))];
    const nodes: Node[] = [];
    shown.forEach((c, i) => {
      const slot = this.slots[i]!;
      if (i > 0) nodes.push(c === null ? this.moreSep : slot.sep);
      if (c === null) { nodes.push(this.more); slot.rect = -1; return; }
      const b = slot.button;
      slot.rect = c.rect;
      if (b.textContent !== c.label) b.textContent = c.label;
      const current = i === shown.length - 1;
      if (current !== b.hasAttribute('aria-current')) {
        if (current) b.setAttribute('aria-current', 'true'); else b.removeAttribute('aria-current');
      }
      nodes.push(b);
    });
    if (nodes.length !== this.linked.length || nodes.some((n, i) => n !== this.linked[i])) {
      this.element.replaceChildren(...nodes);
      this.linked = nodes;
    }
  }
}
