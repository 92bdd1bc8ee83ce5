/**
 * The measured hotspots the server knows (from the last profile run or a loaded profile), per file,
 * and what they cost a finding. A file's hotspots are dropped once its line count changes: the
 * measured lines no longer line up with the text.
 */
import type { HotspotTable } from '../profile/hotspots';
import { costForRange } from '../profile/hotspots';
import type { FunctionHotspotOut, LineHotspotOut } from '../profiler/summarize';
import type { MeasuredCost } from '../engine/finding';

export interface StoredProfile {
  table?: HotspotTable;
  hotspots: LineHotspotOut[];
  functions: FunctionHotspotOut[];
  /** line count of each profiled file when the profile was taken */
  lineCounts: Map<string, number>;
}

export const MAX_HINTS_PER_FILE = 12;
/** lines under this share of the profile are noise for an inlay hint */
export const MIN_HINT_SHARE = 0.005;

export class HotspotStore {
  private current: StoredProfile | undefined;
  private readonly stale = new Set<string>();
  private readonly listeners: (() => void)[] = [];

  set(profile: StoredProfile | undefined): void {
    this.current = profile;
    this.stale.clear();
    this.listeners.forEach((l) => l());
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  get hasProfile(): boolean {
    return this.current !== undefined;
  }

  /** Called with a file's new line count; returns true when its hotspots were just dropped. */
  noteLineCount(file: string, lines: number): boolean {
    const known = this.current?.lineCounts.get(file);
    if (known === undefined || known === lines || this.stale.has(file)) return false;
    this.stale.add(file);
    this.listeners.forEach((l) => l());
    return true;
  }

  linesOf(file: string): LineHotspotOut[] {
    if (!this.current || this.stale.has(file)) return [];
    return this.current.hotspots
      .filter((h) => h.file === file && h.share >= MIN_HINT_SHARE)
      .sort((a, b) => b.share - a.share)
      .slice(0, MAX_HINTS_PER_FILE);
  }

  functionsOf(file: string): FunctionHotspotOut[] {
    if (!this.current || this.stale.has(file)) return [];
    const total = this.totalMs();
    return this.current.functions.filter((f) => f.file === file && total > 0 && f.totalMs / total >= 0.01).slice(0, MAX_HINTS_PER_FILE);
  }

  /** Total active ms of the profile (for function shares). */
  totalMs(): number {
    const t = this.current?.table;
    return t !== undefined && t.unit === 'us' ? t.activeWeight / 1000 : 0;
  }

  /** Cost of lines [startLine, endLine] (1-based, inclusive) of a file, or undefined when not sampled / stale. */
  costOf(file: string, startLine: number, endLine: number): MeasuredCost | undefined {
    const table = this.current?.table;
    if (!table || this.stale.has(file)) return undefined;
    const c = costForRange(table, file, startLine, endLine);
    if (c.totalMs <= 0 && c.selfMs <= 0) return undefined;
    return { selfMs: c.selfMs, totalMs: c.totalMs, share: c.share };
  }
}
