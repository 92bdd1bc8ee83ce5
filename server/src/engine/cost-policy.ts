/**
 * The severity policy for findings in measured-hot code (see cost-ranking.ts), kept free of the
 * TypeScript compiler so help text and light consumers can read it without loading ts-morph.
 */
import type { Severity } from './finding';

/** share of the profile's active time (self + callees) from which a finding is raised one level */
export const HOT_SHARE = 0.05;
/** share from which a finding becomes an error */
export const VERY_HOT_SHARE = 0.25;

const RAISE: Record<Severity, Severity> = { hint: 'info', info: 'warning', warning: 'error', error: 'error' };

export function severityForCost(severity: Severity, share: number): Severity {
  if (share >= VERY_HOT_SHARE) return 'error';
  if (share >= HOT_SHARE) return RAISE[severity];
  return severity;
}
