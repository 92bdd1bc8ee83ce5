/**
 * Inline suppressions:
 *   // perflens-disable-next-line [id, id…]   the next line
 *   // perflens-disable-line [id…]            this line
 *   /* perflens-disable [id…] *\/ … /* perflens-enable [id…] *\/   a region (to end of file if not re-enabled)
 * No id means every rule.
 */
import type { Finding } from './finding';
import { lineStarts } from './positions';

interface Region {
  ids: Set<string> | 'all';
  fromLine: number;
  toLine: number;
}

const DIRECTIVE = /(?:\/\/|\/\*)\s*perflens-(disable-next-line|disable-line|disable|enable)\b([^\n*]*)/g;

export function parseSuppressions(text: string): Region[] {
  if (!text.includes('perflens-')) return [];
  const starts = lineStarts(text);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const regions: Region[] = [];
  const open = new Map<string, number>(); // id or '*' → fromLine
  for (const m of text.matchAll(DIRECTIVE)) {
    const line = lineOf(m.index ?? 0);
    const idList = (m[2] ?? '')
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter((s) => /^[a-z][a-z0-9-]*$/.test(s) && s !== 'perflens');
    const ids: Set<string> | 'all' = idList.length ? new Set(idList) : 'all';
    switch (m[1]) {
      case 'disable-next-line':
        regions.push({ ids, fromLine: line + 1, toLine: line + 1 });
        break;
      case 'disable-line':
        regions.push({ ids, fromLine: line, toLine: line });
        break;
      case 'disable':
        for (const id of ids === 'all' ? ['*'] : ids) if (!open.has(id)) open.set(id, line);
        break;
      case 'enable':
        for (const id of ids === 'all' ? [...open.keys()] : ids) {
          const from = open.get(id);
          if (from === undefined) continue;
          regions.push({ ids: id === '*' ? 'all' : new Set([id]), fromLine: from, toLine: line });
          open.delete(id);
        }
        break;
    }
  }
  for (const [id, from] of open) regions.push({ ids: id === '*' ? 'all' : new Set([id]), fromLine: from, toLine: Infinity });
  return regions;
}

export function applySuppressions(text: string, findings: Finding[]): Finding[] {
  const regions = parseSuppressions(text);
  if (regions.length === 0) return findings;
  return findings.filter(
    (f) =>
      !regions.some(
        (r) => f.range.start.line >= r.fromLine && f.range.start.line <= r.toLine && (r.ids === 'all' || r.ids.has(f.ruleId)),
      ),
  );
}
