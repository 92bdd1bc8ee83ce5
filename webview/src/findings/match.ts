/**
 * Links findings to profile frames: a finding sits inside the function whose start line is the
 * nearest one at or above it in the same file. Pure, so it is tested in node.
 */
import type { WebviewFinding } from '../../../server/src/protocol/webview-messages';
import type { FunctionRow } from '../flame/bottom-up';
import type { ProfileData } from '../flame/profile-data';

export function normalizePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(s)) s = s[0]!.toLowerCase() + s.slice(1);
  return s;
}

/** Frames (indexes) of the function that contains `line` (1-based) in `file`; empty when none. */
export function framesAt(p: ProfileData, file: string, line: number): number[] {
  const want = normalizePath(file);
  const fileIdx: number[] = [];
  p.files.forEach((f, i) => { if (normalizePath(f) === want) fileIdx.push(i); });
  if (fileIdx.length === 0) return [];
  let best = 0;
  const candidates: number[] = [];
  for (let f = 0; f < p.frameName.length; f++) {
    if (!fileIdx.includes(p.frameFile[f]!)) continue;
    const start = p.frameLine[f]!;
    if (start <= 0 || start > line) continue;
    if (start > best) { best = start; candidates.length = 0; }
    if (start === best) candidates.push(f);
  }
  return candidates;
}

export function frameMask(p: ProfileData, frames: readonly number[]): Uint8Array | null {
  if (frames.length === 0) return null;
  const mask = new Uint8Array(p.frameName.length);
  for (const f of frames) mask[f] = 1;
  return mask;
}

export interface RankedFinding {
  finding: WebviewFinding;
  frames: number[];
  /** measured cost in the profile's unit (the finding's own cost when given, else its function's total) */
  cost: number;
  share: number;
}

/** Findings sorted by measured cost, most expensive first; unmeasured ones last in file order. */
export function rankFindings(p: ProfileData, findings: readonly WebviewFinding[], rows: readonly FunctionRow[], totalWeight: number): RankedFinding[] {
  const totalOf = new Map<number, number>();
  for (const r of rows) totalOf.set(r.frame, r.total);
  const ranked = findings.map((finding) => {
    const frames = framesAt(p, finding.file, finding.range.start.line + 1);
    let cost = 0;
    let share = 0;
    if (finding.cost && p.unit === 'microseconds') {
      cost = finding.cost.totalMs * 1000;
      share = finding.cost.share;
    } else {
      for (const f of frames) cost += totalOf.get(f) ?? 0;
      share = totalWeight > 0 ? cost / totalWeight : 0;
    }
    return { finding, frames, cost, share };
  });
  return ranked.sort((a, b) => b.cost - a.cost
    || a.finding.file.localeCompare(b.finding.file)
    || a.finding.range.start.line - b.finding.range.start.line);
}
