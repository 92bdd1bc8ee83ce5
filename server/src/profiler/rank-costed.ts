/**
 * Ranks findings by measured cost without the TypeScript compiler: each finding arrives with the
 * lines it costs (computed where the file was parsed, by `costLinesOf`), so the parent process of
 * a profile run never loads ts-morph. Same policy as engine/cost-ranking.ts's `rankFindingsByCost`.
 */
import { severityForCost } from '../engine/cost-policy';
import { compareFindings, type Finding } from '../engine/finding';
import type { RangeCostLookup } from '../engine/cost-ranking';
import { costForRange, type HotspotTable } from '../profile/hotspots';

/** A finding and the 1-based inclusive lines whose cost it carries. */
export interface LinedFinding {
  finding: Finding;
  startLine: number;
  endLine: number;
}

/** New findings (inputs untouched) with `cost` where sampled, severity raised, hottest first. */
export function rankLinedFindings(lined: readonly LinedFinding[], lookup: RangeCostLookup): Finding[] {
  const costed = lined.map(({ finding: f, startLine, endLine }) => {
    const cost = lookup(f.file, startLine, endLine);
    if (!cost || (cost.totalMs <= 0 && cost.selfMs <= 0 && cost.share <= 0)) return { ...f };
    return { ...f, cost, severity: severityForCost(f.severity, cost.share) };
  });
  return costed.sort((a, b) => (b.cost?.share ?? -1) - (a.cost?.share ?? -1) || compareFindings(a, b));
}

/** `rankLinedFindings` with the costs of a profile's hotspot table; without a table, the findings as they are. */
export function rankLinedFindingsIn(lined: readonly LinedFinding[], table: HotspotTable | undefined): Finding[] {
  if (!table) return lined.map((l) => l.finding);
  return rankLinedFindings(lined, (file, startLine, endLine) => {
    const c = costForRange(table, file, startLine, endLine);
    return { selfMs: c.selfMs, totalMs: c.totalMs, share: c.share };
  });
}
