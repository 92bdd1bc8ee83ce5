/**
 * `--fix` / `--fix-dry-run` (issue 3): pick each finding's first `safe` fix, keep the ones whose edits
 * do not overlap an already chosen fix, apply them per file, and refuse a file whose fixed text has
 * more syntax errors than the original (a fix must never leave code that does not parse).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { ts } from 'ts-morph';
import type { Finding, Fix, TextEdit } from '../engine/finding';
import { applyEdits, OverlappingEditsError } from '../engine/apply-edits';

export interface FilePlan {
  file: string;
  before: string;
  after: string;
  /** findings whose fix went into `after` */
  fixed: Finding[];
}

export interface FixPlan {
  files: FilePlan[];
  /** findings with a safe fix left out (overlap, or the file's result did not parse) with the reason */
  skipped: { finding: Finding; reason: string }[];
}

export function planSafeFixes(findings: readonly Finding[], readText: (file: string) => string = (f) => readFileSync(f, 'utf8')): FixPlan {
  const chosen = new Map<string, { edits: TextEdit[]; findings: Finding[] }>();
  const skipped: FixPlan['skipped'] = [];
  const overlaps = (edit: TextEdit): boolean =>
    (chosen.get(edit.file)?.edits ?? []).some(
      // two insertions at one point overlap too: their order would be arbitrary
      (e) => (edit.start < e.end && e.start < edit.end) || (edit.start === edit.end && e.start === e.end && edit.start === e.start),
    );
  for (const finding of findings) {
    const fix: Fix | undefined = finding.fixes.find((x) => x.kind === 'safe');
    if (!fix || fix.edits.length === 0) continue;
    if (fix.edits.some(overlaps)) {
      skipped.push({ finding, reason: 'its edits overlap another fix; run --fix again' });
      continue;
    }
    for (const edit of fix.edits) {
      const entry = chosen.get(edit.file) ?? { edits: [], findings: [] };
      entry.edits.push(edit);
      if (!entry.findings.includes(finding)) entry.findings.push(finding);
      chosen.set(edit.file, entry);
    }
  }
  const files: FilePlan[] = [];
  for (const [file, { edits, findings: fixed }] of [...chosen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = readText(file);
    let after: string;
    try {
      after = applyEdits(before, edits);
    } catch (err) {
      if (!(err instanceof OverlappingEditsError)) throw err;
      for (const f of fixed) skipped.push({ finding: f, reason: err.message });
      continue;
    }
    if (syntaxErrorCount(file, after) > syntaxErrorCount(file, before)) {
      for (const f of fixed) skipped.push({ finding: f, reason: 'the fixed file would not parse' });
      continue;
    }
    files.push({ file, before, after, fixed });
  }
  return { files, skipped };
}

export function writeFixes(plan: FixPlan): void {
  for (const f of plan.files) writeFileSync(f.file, f.after);
}

export function unifiedDiff(plan: FixPlan, displayPath: (file: string) => string): string {
  return plan.files
    .map((f) => {
      const name = displayPath(f.file);
      return createTwoFilesPatch(`a/${name}`, `b/${name}`, f.before, f.after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
    })
    .join('');
}

function syntaxErrorCount(file: string, text: string): number {
  const kind = /\.[cm]?tsx?$/.test(file) ? (file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS) : file.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return (sf as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics.length;
}
