/** Hover tooltip (name, file:line, self, total, %) — text nodes only. */
import { el } from './dom';

export interface FrameDetails {
  name: string;
  location: string;
  self: string;
  total: string;
  share: string;
  category: string;
}

export class Tooltip {
  readonly element = el('div', { className: 'tooltip', attrs: { role: 'tooltip' } });

  constructor() {
    this.element.hidden = true;
  }

  show(d: FrameDetails, clientX: number, clientY: number): void {
    const lines: Node[] = [
      el('div', { className: 'tt-name', text: d.name }),
      el('div', { className: 'tt-loc', text: d.location || `(${d.category})` }),
      el('div', { className: 'tt-num', text: `total ${d.total} (${d.share}) · self ${d.self}` }),
    ];
    this.element.replaceChildren(...lines);
    this.element.hidden = false;
    const pad = 14;
    const box = this.element.getBoundingClientRect();
    let x = clientX + pad;
    let y = clientY + pad;
    if (x + box.width > window.innerWidth) x = Math.max(0, clientX - box.width - pad);
    if (y + box.height > window.innerHeight) y = Math.max(0, clientY - box.height - pad);
    this.element.style.left = `${x}px`;
    this.element.style.top = `${y}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
