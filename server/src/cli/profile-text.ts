/** Text output of `perflens profile`: shares first (sample gaps are wall-clock), total beside self. */
import { relative } from 'node:path';
import type { ProfileRun } from '../profiler/profile-script';
import type { CommandRun } from '../profiler/profile-command';
import type { BackendStatus } from '../profiler/backends';
import type { HotspotRow } from '../profile/hotspots';

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`.padStart(6);
const ms = (v: number): string => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`).padStart(9);

export function formatProfileRun(run: ProfileRun, cwd: string, top = 10): string {
  const s = run.summary;
  const rel = (p: string): string => (p.startsWith('/') || /^[A-Za-z]:/.test(p) ? relative(cwd, p) || p : p);
  const lines: string[] = [];
  lines.push(`perflens: profiled ${rel(s.script)} — ${s.exit.message} (${(s.durationMs / 1000).toFixed(2)} s)`);
  if (s.profile) lines.push(`  CPU profile:  ${rel(s.profile)}${s.rawProfile ? ' (source-mapped)' : ''}`);
  if (s.rawProfile) lines.push(`  as recorded:  ${rel(s.rawProfile)} (generated positions)`);
  if (s.heapProfile) lines.push(`  heap profile: ${rel(s.heapProfile)} (${s.heapMode === 'churn' ? 'allocation churn: every sampled allocation' : 'live objects at the end: the leak view'}${s.rawHeapProfile ? ', source-mapped' : ''})`);
  if (s.rawHeapProfile) lines.push(`  as recorded:  ${rel(s.rawHeapProfile)} (generated positions)`);
  lines.push('');
  const userLines = (run.tables.cpuTable?.lines ?? []).filter(isShown(s.hotspots));
  lines.push(table('Hot lines (your code)', userLines.slice(0, top), rel));
  const fns = (run.tables.cpuTable?.functions ?? []).filter(isShown(s.functions));
  lines.push(table('Hot functions', fns.slice(0, top), rel));
  if (s.allocations.length) {
    lines.push(`Allocations (${s.heapMode === 'churn' ? 'all sampled' : 'live at the end'}, by function)`);
    lines.push('  share      bytes  function              location');
    for (const a of s.allocations.slice(0, top)) lines.push(`  ${pct(a.share)} ${formatBytes(a.selfBytes).padStart(10)}  ${a.name.slice(0, 20).padEnd(20)}  ${rel(a.file)}:${a.line}`);
    lines.push('');
  }
  if (s.findings.length) {
    lines.push('Findings, ranked by measured cost');
    for (const f of s.findings) {
      const cost = f.share !== undefined ? `${pct(f.share)} ${ms(f.costMs ?? 0)}` : '     –          –';
      lines.push(`  ${cost}  ${f.severity.padEnd(7)} ${f.ruleId.padEnd(16)} ${rel(f.file)}:${f.line}  ${f.message}`);
    }
    lines.push('');
  } else lines.push('Findings: none in the profiled files', '');
  for (const w of s.warnings) lines.push(`warning: ${w}`);
  lines.push('Shares are of sampled (non-idle) time; ms are wall-clock sample gaps and inflate on a busy machine.');
  lines.push('V8 puts part of a hot callee\'s time on its caller\'s call line: read total beside self.');
  return lines.join('\n') + '\n';
}

function isShown(rows: readonly { file: string; line: number }[]): (r: HotspotRow) => boolean {
  const keys = new Set(rows.map((r) => `${r.file}:${r.line}`));
  return (r) => keys.has(`${r.file}:${r.line}`);
}

function table(title: string, rows: readonly HotspotRow[], rel: (p: string) => string): string {
  if (rows.length === 0) return `${title}: no samples in your code\n`;
  const out = [title, '   self%   total%    self ms   total ms  function              location'];
  for (const r of rows) out.push(`  ${pct(r.selfShare)}  ${pct(r.share)}  ${ms(r.selfMs)}  ${ms(r.totalMs)}  ${r.name.slice(0, 20).padEnd(20)}  ${rel(r.file)}:${r.line}`);
  return out.join('\n') + '\n';
}

function formatBytes(b: number): string {
  if (b >= 1048576) return `${(b / 1048576).toFixed(1)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(0)} KB`;
  return `${b} B`;
}

export function formatCommandRun(run: CommandRun, cwd: string, top = 5): string {
  const lines = [`perflens: profiled \`${run.command}\` — ${run.exit.message} (${(run.durationMs / 1000).toFixed(2)} s), ${run.processes.length} node process(es)`, `  profiles in ${relative(cwd, run.dir) || run.dir}`, ''];
  for (const p of run.processes) {
    lines.push(`pid ${p.pid} (parent ${p.ppid}): ${p.argv.slice(1).join(' ').slice(0, 120)} — ${p.reason}${p.code ? ` (code ${p.code})` : ''}`);
    for (const h of p.hotspots.slice(0, top)) lines.push(`  ${pct(h.share)} ${ms(h.selfMs)} self ${ms(h.totalMs)} total  ${relative(cwd, h.file)}:${h.line}`);
    if (p.hotspots.length === 0) lines.push('  (no samples in your code)');
    const costed = p.findings.filter((f) => f.share !== undefined);
    for (const f of costed.slice(0, top)) lines.push(`  finding ${pct(f.share!)} ${f.severity.padEnd(7)} ${f.ruleId}  ${relative(cwd, f.file)}:${f.line}  ${f.message}`);
    if (p.findings.length > costed.length) lines.push(`  (${p.findings.length - costed.length} more finding(s) in code this process did not spend time in)`);
  }
  for (const w of run.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n') + '\n';
}

export function formatBackends(statuses: readonly BackendStatus[]): string {
  return statuses.map((b) => `  ${b.id.padEnd(17)} ${b.available ? 'available' : 'missing  '}  ${b.granularity}-level  ${b.detail}`).join('\n');
}
