import type { FunctionHotspot, HotspotTable } from './hotspots';

/**
 * Before/after comparison per function (e.g. profile, apply a fix, profile again). Functions are
 * matched by name + file (lines move when code is edited); several same-named functions in one
 * file are summed. Shares compare fairly across runs of different length; ms are wall-clock.
 */
export interface FunctionDiff {
  name: string;
  file: string;
  /** line in the after profile (before, when the function disappeared) */
  line: number;
  before: { self: number; total: number; share: number } | undefined;
  after: { self: number; total: number; share: number } | undefined;
  /** after − before, in the profile unit (missing side counts 0) */
  deltaSelf: number;
  deltaTotal: number;
  /** after.share − before.share (share = total share) */
  deltaShare: number;
}

export function diffProfiles(before: HotspotTable, after: HotspotTable): FunctionDiff[] {
  const key = (f: FunctionHotspot): string => `${f.name}\u0000${f.file}`;
  const sum = (rows: FunctionHotspot[]): Map<string, { row: FunctionHotspot; self: number; total: number; share: number }> => {
    const m = new Map<string, { row: FunctionHotspot; self: number; total: number; share: number }>();
    for (const r of rows) {
      const e = m.get(key(r));
      if (e) { e.self += r.self; e.total += r.total; e.share += r.share; } else m.set(key(r), { row: r, self: r.self, total: r.total, share: r.share });
    }
    return m;
  };
  const b = sum(before.functions), a = sum(after.functions);
  const out: FunctionDiff[] = [];
  for (const k of new Set([...b.keys(), ...a.keys()])) {
    const x = b.get(k), y = a.get(k);
    const row = (y ?? x)!.row;
    out.push({
      name: row.name, file: row.file, line: row.line,
      before: x && { self: x.self, total: x.total, share: x.share },
      after: y && { self: y.self, total: y.total, share: y.share },
      deltaSelf: (y?.self ?? 0) - (x?.self ?? 0),
      deltaTotal: (y?.total ?? 0) - (x?.total ?? 0),
      deltaShare: (y?.share ?? 0) - (x?.share ?? 0),
    });
  }
  // biggest change first
  out.sort((p, q) => Math.abs(q.deltaTotal) - Math.abs(p.deltaTotal));
  return out;
}
