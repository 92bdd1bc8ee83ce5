/**
 * `--format text`: one line per finding like a compiler's, `file:line:col  severity  rule-id  message`,
 * related locations indented under it, then one summary line. Paths relative to the root.
 */
import { countLevels, displayPath, levelOf, oneBased, type Level, type ReportInput } from './report';
import type { Palette } from './color';

export interface TextOptions {
  colors: Palette;
  /** print the summary line (not with --quiet) */
  summary: boolean;
}

export function textReport(input: ReportInput, { colors: c, summary }: TextOptions): string {
  const lines: string[] = [];
  const paint: Record<Level, (s: string) => string> = { error: c.red, warning: c.yellow, note: c.cyan };
  for (const f of input.findings) {
    const at = oneBased(f.range);
    const level = levelOf(f.severity);
    const where = `${displayPath(input.root, f.file)}:${at.line}:${at.column}`;
    lines.push(`${c.bold(where)}  ${paint[level](level)}  ${c.dim(f.ruleId)}  ${f.message}`);
    for (const r of f.related) {
      const rAt = oneBased(r.range);
      lines.push(`    ${c.dim(`${displayPath(input.root, r.file)}:${rAt.line}:${rAt.column}`)}  ${c.dim(r.message)}`);
    }
  }
  if (summary) {
    if (lines.length > 0) lines.push('');
    lines.push(summaryLine(input, c));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

export function summaryLine(input: ReportInput, c: Palette): string {
  const n = input.findings.length;
  const counts = countLevels(input.findings);
  const files = `${input.analysed} file${input.analysed === 1 ? '' : 's'} analysed`;
  const skipped = input.files - input.analysed;
  const skippedText = skipped > 0 ? `, ${skipped} skipped` : '';
  if (n === 0) return `${c.green('✔')} no findings (${files}${skippedText})`;
  const parts = [`${counts.error} error${counts.error === 1 ? '' : 's'}`, `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`, `${counts.note} note${counts.note === 1 ? '' : 's'}`];
  const mark = counts.error > 0 ? c.red('✖') : c.yellow('✖');
  return `${mark} ${n} finding${n === 1 ? '' : 's'} (${parts.join(', ')}) — ${files}${skippedText}`;
}
