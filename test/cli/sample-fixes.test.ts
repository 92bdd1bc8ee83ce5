/**
 * The first "measured fix" (issue 3): for each runnable sample, apply every PerfLens fix (the
 * first fix each finding offers, safe or suggestion, without overlaps), run the program before and
 * after, and require the same stdout. The wall times before/after are printed (not asserted: the
 * machine is shared), so the test log is the measurement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePaths } from '../../server/src/engine/analyze-paths';
import { emptyConfig } from '../../server/src/engine/config';
import { applyEdits } from '../../server/src/engine/apply-edits';
import { nonOverlappingFixes } from '../../server/src/lsp/fix-edits';
import type { Fix } from '../../server/src/engine/finding';
import { REPO } from './helpers';

interface Sample {
  dir: string;
  entry: string;
  args?: string[];
  ts?: boolean;
  /** why PerfLens offers no code fix here (then the test holds that it offers none, and the finding stays) */
  noFix?: string;
}

const SAMPLES: Sample[] = [
  { dir: 'loop-invariant', entry: 'shipped-orders.js' },
  { dir: 'quadratic-loop', entry: 'report.js' },
  { dir: 'serial-await', entry: 'archive-reports.js' },
  { dir: 'unbounded-cache', entry: 'price-service.js' },
  { dir: 'missing-pooling', entry: 'quote-client.js' },
  { dir: 'sync-io-handler', entry: 'server.js', args: ['--once'], noFix: 'the read is in a synchronous http callback: only an async function gets the fs.promises rewrite' },
  { dir: 'ts-hotspot', entry: 'main.ts', ts: true },
  { dir: 'n-plus-one-express', entry: 'server.js', args: ['--once'], noFix: 'the per-item query runs inside Promise.all(map(...)): the batched rewrite is offered for for-of loops only' },
];

function runSample(root: string, s: Sample): { stdout: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...(s.ts ? ['--import', 'tsx'] : []), join(root, s.entry), ...(s.args ?? [])], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const ms = performance.now() - t0;
  assert.equal(r.status, 0, `${s.dir} exited ${r.status}: ${r.stderr}`);
  return { stdout: r.stdout, ms };
}

/** Applies the first fix of every finding (non-overlapping), re-analysing until nothing more applies. */
function applyAllFixes(root: string): { applied: string[]; remaining: string[] } {
  const applied: string[] = [];
  for (let round = 0; round < 4; round++) {
    const { findings } = analyzePaths({ paths: [root], root, config: emptyConfig() });
    const fixes = findings.map((f) => f.fixes[0]).filter((f): f is Fix => !!f);
    const { chosen, edits } = nonOverlappingFixes(fixes);
    if (chosen.length === 0) {
      return { applied, remaining: findings.map((f) => `${f.ruleId}@${f.file.slice(root.length + 1)}:${f.range.start.line + 1}`) };
    }
    const byFile = new Map<string, typeof edits>();
    for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, list] of byFile) writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), list));
    applied.push(...chosen.map((c) => c.title));
  }
  return { applied, remaining: [] };
}

for (const s of SAMPLES) {
  test(`samples/${s.dir}: same output after applying every fix`, { timeout: 600_000 }, () => {
    const root = mkdtempSync(join(tmpdir(), `perflens-fix-${s.dir}-`));
    try {
      cpSync(join(REPO, 'samples', s.dir), root, { recursive: true });
      // the sample's imports (express, pglite, tsx) resolve from the repository's node_modules
      symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
      const before = runSample(root, s);
      const { applied, remaining } = applyAllFixes(root);
      if (s.noFix) {
        assert.deepEqual(applied, [], `${s.dir} now has a fix: update this table`);
        assert.ok(remaining.length > 0, `${s.dir} should still have its finding`);
        console.log(`measured fix ${s.dir}: none offered (${s.noFix}); finding: ${remaining.join(', ')}`);
        return;
      }
      assert.ok(applied.length > 0, `no fix applied to ${s.dir}`);
      const after = runSample(root, s);
      assert.equal(after.stdout, before.stdout, `output of ${s.dir} changed after: ${applied.join('; ')}`);
      console.log(
        `measured fix ${s.dir}: ${before.ms.toFixed(0)} ms → ${after.ms.toFixed(0)} ms (${(before.ms / after.ms).toFixed(2)}×); applied: ${applied.join(' | ')}; remaining: ${remaining.join(', ') || 'none'}`,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
}
