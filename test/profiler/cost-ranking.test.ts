/**
 * Findings ranked by measured cost: the severity policy, the ordering, which lines a finding costs
 * (widened to its statement or loop), and the whole chain on a real profile of quadratic.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ts } from 'ts-morph';
import { costLinesOf, formatCost, rankFindingsByCost, severityForCost } from '../../server/src/engine/cost-ranking';
import type { Finding, RuleId, Severity } from '../../server/src/engine/finding';
import { costForRange } from '../../server/src/profile/hotspots';
import { profileScript } from '../../server/src/profiler/profile-script';
import { rankLinedFindings } from '../../server/src/profiler/rank-costed';
import { markerLine, sample, tempDir } from './helpers';

function findingAt(file: string, text: string, needle: string, ruleId: RuleId = 'quadratic-loop', severity: Severity = 'warning'): Finding {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(start + needle.length);
  return { ruleId, file, range: { start: s, end: e }, start, end: start + needle.length, message: needle, severity, related: [], fixes: [] };
}

test('severity policy: ≥25% → error, ≥5% → one level up, below unchanged, never lowered', () => {
  assert.equal(severityForCost('hint', 0.3), 'error');
  assert.equal(severityForCost('warning', 0.06), 'error');
  assert.equal(severityForCost('info', 0.06), 'warning');
  assert.equal(severityForCost('hint', 0.05), 'info');
  assert.equal(severityForCost('warning', 0.049), 'warning');
  assert.equal(severityForCost('error', 0), 'error');
  assert.equal(formatCost({ share: 0.613, totalMs: 1400, selfMs: 900 }), '61% of CPU · 1.40 s total · 900.0 ms self');
});

test('a finding on a loop header costs the whole loop; a call costs its statement', () => {
  const file = sample('quadratic.js');
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const inner = findingAt(file, text, 'for (let j = i + 1; j < items.length; j++)');
  const lines = costLinesOf(inner, sf);
  assert.equal(lines.startLine, markerLine(file, 'for (let j'));
  assert.equal(lines.endLine, markerLine(file, 'HOT:') + 1);
  const call = findingAt(file, text, 'dups.push(items[j])');
  assert.deepEqual(costLinesOf(call, sf), { startLine: markerLine(file, 'HOT:'), endLine: markerLine(file, 'HOT:') });
  assert.deepEqual(costLinesOf(call), { startLine: markerLine(file, 'HOT:'), endLine: markerLine(file, 'HOT:') });
});

test('on a real profile: the hot loop finding carries its cost, is raised to error and ranked first', async () => {
  const file = sample('quadratic.js');
  const text = readFileSync(file, 'utf8');
  const run = await profileScript({ script: file, outDir: tempDir('cost'), findings: false, heap: false });
  const table = run.tables.cpuTable!;
  const cold = findingAt(file, text, "items.push({ id: (i * 7919) % (n / 2 | 0), name: `item-${i}` })", 'loop-invariant', 'warning');
  const hot = findingAt(file, text, 'for (let j = i + 1; j < items.length; j++)', 'quadratic-loop', 'warning');
  const never = findingAt(file, text, 'console.log', 'sync-io', 'info');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const ranked = rankFindingsByCost([never, cold, hot], (f, s, e) => {
    const c = costForRange(table, f, s, e);
    return { selfMs: c.selfMs, totalMs: c.totalMs, share: c.share };
  }, { sourceFileOf: () => sf });
  assert.equal(ranked[0]!.ruleId, 'quadratic-loop');
  assert.ok(ranked[0]!.cost!.share >= 0.25, `share ${ranked[0]!.cost!.share}`);
  assert.ok(ranked[0]!.cost!.totalMs >= ranked[0]!.cost!.selfMs);
  assert.equal(ranked[0]!.severity, 'error');
  assert.equal(ranked[1]!.ruleId, 'loop-invariant');
  assert.ok(ranked[1]!.cost!.share < ranked[0]!.cost!.share);
  // never sampled: no cost, severity unchanged, last
  assert.equal(ranked[2]!.ruleId, 'sync-io');
  assert.equal(ranked[2]!.severity, 'info');
  // inputs untouched
  assert.equal(hot.severity, 'warning');
  assert.equal(hot.cost, undefined);
});

test('the compiler-free ranking of a profile run (cost lines computed in the analysis worker) ranks as rankFindingsByCost does', async () => {
  const file = sample('quadratic.js');
  const text = readFileSync(file, 'utf8');
  const run = await profileScript({ script: file, args: ['12000'], outDir: tempDir('cost-lined'), findings: false, heap: false });
  const table = run.tables.cpuTable!;
  const lookup = (f: string, s: number, e: number) => {
    const c = costForRange(table, f, s, e);
    return { selfMs: c.selfMs, totalMs: c.totalMs, share: c.share };
  };
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const findings = [
    findingAt(file, text, 'console.log', 'sync-io', 'info'),
    findingAt(file, text, "items.push({ id: (i * 7919) % (n / 2 | 0), name: `item-${i}` })", 'loop-invariant', 'hint'),
    findingAt(file, text, 'for (let j = i + 1; j < items.length; j++)', 'quadratic-loop', 'warning'),
    findingAt(file, text, 'dups.push(items[j])', 'loop-invariant', 'info'),
  ];
  const viaCompiler = rankFindingsByCost(findings, lookup, { sourceFileOf: () => sf });
  const lined = rankLinedFindings(findings.map((finding) => ({ finding, ...costLinesOf(finding, sf) })), lookup);
  assert.deepEqual(lined, viaCompiler);
  assert.equal(lined[0]!.ruleId, 'quadratic-loop');
});
