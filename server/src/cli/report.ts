/**
 * `perflens report <profile> --html <out>`: writes a self-contained flame graph page for a saved
 * .cpuprofile, .heapprofile or speedscope file. `--findings <analyze.json>` adds the findings of a
 * `perflens analyze --format json` run beside the graph.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerfLensError } from '../engine/errors';
import { readProfileFile } from '../profile/read-file';
import { withSourcePositions } from '../profiler/source-positions';
import type { WebviewFinding } from '../protocol/webview-messages';
import { buildReportHtml } from '../report/report-page';

const HELP = `Usage: perflens report <profile> --html <out.html> [options]

Writes a self-contained HTML flame graph (no network, opens in any browser) for a saved
.cpuprofile, .heapprofile or speedscope profile.

Options:
  --html <file>        where to write the page (required)
  --title <text>       title shown in the page (default: the profile's file name)
  --findings <file>    add findings from \`perflens analyze --format json\` output
  --theme dark|light   force a colour scheme (default: the viewer's OS setting)
  -h, --help           show this help
`;

interface ReportArgs { profile: string; html: string; title?: string; findings?: string; theme?: 'dark' | 'light' }

function parseArgs(argv: string[]): ReportArgs | string {
  const out: Partial<ReportArgs> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--html') out.html = value();
    else if (a === '--title') out.title = value();
    else if (a === '--findings') out.findings = value();
    else if (a === '--theme') {
      const t = value();
      if (t !== 'dark' && t !== 'light') return `--theme must be dark or light, not "${t}"`;
      out.theme = t;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (out.profile === undefined) out.profile = a;
    else return `unexpected argument "${a}"`;
  }
  if (!out.profile) return 'missing <profile>';
  if (!out.html) return 'missing --html <out.html>';
  return out as ReportArgs;
}

export async function runReport(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  let args: ReportArgs | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    args = (e as Error).message;
  }
  if (typeof args === 'string') {
    process.stderr.write(`perflens report: ${args}\n\n${HELP}`);
    return 2;
  }
  try {
    const { profile, problems } = withSourcePositions(await readProfileFile(args.profile));
    for (const problem of problems) process.stderr.write(`perflens report: warning: ${problem}\n`);
    const findings = args.findings ? readFindings(args.findings) : [];
    const html = buildReportHtml(profile, {
      title: args.title ?? basename(args.profile),
      source: resolve(args.profile),
      findings,
      ...(args.theme ? { theme: args.theme } : {}),
    });
    writeFileSync(args.html, html);
    process.stderr.write(`perflens: wrote ${args.html} (${(html.length / 1024).toFixed(0)} kB, ${profile.tree.size} nodes)\n`);
    return 0;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const text = e instanceof PerfLensError ? `${e.code}: ${e.message}`
      : err.code === 'ENOENT' ? `${err.path ?? 'file'} does not exist` : err.message;
    process.stderr.write(`perflens report: ${text}\n`);
    return 2;
  }
}

/** Findings from an analyze JSON report (paths relative to its root, positions 1-based). */
export function readFindings(path: string): WebviewFinding[] {
  let doc: { root?: string; findings?: unknown[] };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`--findings ${path}: ${(e as Error).message}`);
  }
  if (!doc || !Array.isArray(doc.findings)) throw new Error(`--findings ${path} is not \`perflens analyze --format json\` output`);
  const root = typeof doc.root === 'string' ? doc.root : process.cwd();
  return doc.findings.flatMap((raw, i): WebviewFinding[] => {
    const f = raw as Record<string, unknown>;
    if (typeof f.ruleId !== 'string' || typeof f.file !== 'string' || typeof f.line !== 'number') return [];
    const file = resolve(root, f.file);
    const line = f.line - 1;
    const col = typeof f.column === 'number' ? f.column - 1 : 0;
    const endLine = typeof f.endLine === 'number' ? f.endLine - 1 : line;
    const endCol = typeof f.endColumn === 'number' ? f.endColumn - 1 : col;
    const fixes = Array.isArray(f.fixes) ? (f.fixes as Array<{ title?: unknown }>) : [];
    const severity = f.severity === 'error' || f.severity === 'info' || f.severity === 'hint' ? f.severity : 'warning';
    const cost = f.cost as WebviewFinding['cost'] | undefined;
    return [{
      id: `${i}:${f.ruleId}:${f.file}:${f.line}`,
      ruleId: f.ruleId,
      file,
      uri: pathToFileURL(file).href,
      range: { start: { line, character: col }, end: { line: endLine, character: endCol } },
      message: typeof f.message === 'string' ? f.message : f.ruleId,
      severity,
      ...(typeof fixes[0]?.title === 'string' ? { fixTitle: fixes[0].title } : {}),
      ...(cost && typeof cost.totalMs === 'number' ? { cost } : {}),
    }];
  });
}
