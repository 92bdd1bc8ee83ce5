/**
 * Sandwich for one function: its callers above (inverted, the function at the bottom) and its
 * callees below (the function at the top), both merged over every call of it.
 */
import { FlameView, type FlameViewHandlers } from '../flame/renderer';
import { el } from '../ui/dom';

export class SandwichView {
  readonly element: HTMLDivElement;
  readonly callers: FlameView;
  readonly callees: FlameView;
  private readonly callersTitle: HTMLDivElement;
  private readonly calleesTitle: HTMLDivElement;
  private readonly empty: HTMLParagraphElement;

  constructor(callers: FlameViewHandlers, callees: FlameViewHandlers) {
    this.callers = new FlameView(true, callers);
    this.callees = new FlameView(false, callees);
    this.callersTitle = el('div', { className: 'pane-title' });
    this.calleesTitle = el('div', { className: 'pane-title' });
    this.empty = el('p', { className: 'empty', text: 'Select a function first: click a frame in a flame view or a row of the bottom-up table.' });
    this.element = el('div', { className: 'sandwich' },
      this.empty,
      el('div', { className: 'pane callers' }, this.callersTitle, this.callers.element),
      el('div', { className: 'pane callees' }, this.calleesTitle, this.callees.element));
  }

  setTitles(name: string | null): void {
    this.empty.hidden = name !== null;
    this.element.classList.toggle('no-selection', name === null);
    this.callersTitle.textContent = name === null ? '' : `Callers of ${name}`;
    this.calleesTitle.textContent = name === null ? '' : `Callees of ${name}`;
  }
}
