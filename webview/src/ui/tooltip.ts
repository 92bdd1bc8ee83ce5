/**
 * Hover tooltip (name, file:line, self, total, %) — text nodes only. Built once; a hover only swaps
 * the three texts and moves the box with a transform, and never reads layout: the box's size comes
 * from a ResizeObserver (one hover stale at worst), so a hover costs no forced layout.
 */
import { el } from './dom';

export interface FrameDetails {
  name: string;
  location: string;
  self: string;
  total: string;
  share: string;
  category: string;
}

const PAD = 14;

export class Tooltip {
  readonly element = el('div', { className: 'tooltip', attrs: { role: 'tooltip' } });
  private readonly name = el('div', { className: 'tt-name' });
  private readonly loc = el('div', { className: 'tt-loc' });
  private readonly num = el('div', { className: 'tt-num' });
  private width = 0;
  private height = 0;

  constructor() {
    this.element.hidden = true;
    this.element.append(this.name, this.loc, this.num);
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver((entries) => {
        const box = entries[entries.length - 1]!.borderBoxSize?.[0];
        if (box) { this.width = box.inlineSize; this.height = box.blockSize; }
      }).observe(this.element);
    }
  }

  show(d: FrameDetails, clientX: number, clientY: number): void {
    setText(this.name, d.name);
    setText(this.loc, d.location || `(${d.category})`);
    setText(this.num, `total ${d.total} (${d.share}) · self ${d.self}`);
    let x = clientX + PAD;
    let y = clientY + PAD;
    if (x + this.width > window.innerWidth) x = Math.max(0, clientX - this.width - PAD);
    if (y + this.height > window.innerHeight) y = Math.max(0, clientY - this.height - PAD);
    this.element.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
    if (this.element.hidden) this.element.hidden = false;
  }

  hide(): void {
    if (!this.element.hidden) this.element.hidden = true;
  }
}

/** Writes only when the text changed (an unchanged hover leaves the DOM, and so style/layout, alone). */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
