/** Zoom breadcrumb: the path from the root to the zoomed frame; each crumb zooms back to it. */
import { el } from './dom';

export interface Crumb { label: string; rect: number }

const MAX_CRUMBS = 10;

export class Breadcrumb {
  readonly element = el('nav', { className: 'breadcrumb', attrs: { 'aria-label': 'Zoom path' } });

  constructor(private readonly onPick: (rect: number) => void) {}

  set(crumbs: Crumb[]): void {
    const shown: Array<Crumb | null> = crumbs.length <= MAX_CRUMBS
      ? crumbs
      : [crumbs[0]!, null, ...crumbs.slice(crumbs.length - (MAX_CRUMBS - 2))];
    const nodes: Node[] = [];
    shown.forEach((c, i) => {
      if (i > 0) nodes.push(el('span', { className: 'sep', text: '›' }));
      if (c === null) { nodes.push(el('span', { className: 'more', text: '…' })); return; }
      const b = el('button', { className: 'crumb', text: c.label, attrs: { type: 'button' } });
      if (i === shown.length - 1) b.setAttribute('aria-current', 'true');
      b.addEventListener('click', () => this.onPick(c.rect));
      nodes.push(b);
    });
    this.element.replaceChildren(...nodes);
  }
}
