/**
 * Edit latency of the language server (issue 2 target: p95 ≤ 100 ms from didChange to
 * publishDiagnostics for a 1,000-line file inside a 300-file project, any delay included).
 *
 *   npx tsx bench/lsp-edit.ts [--edits 50] [--off rule-a,rule-b] [--keep] [--cpu-prof DIR]
 *
 * Generates a TypeScript project (tsconfig, 300 files, one of 1,000 lines imported by 40 others),
 * starts `node dist/server.js --stdio` (built first if stale), opens the big file, waits until the
 * workspace scan is done, then sends incremental didChange edits one after another, each as soon
 * as the previous one's diagnostics arrived (so dependents re-checked in the background compete
 * with the next edit, as when someone types). Prints figures; asserts nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureBuilt } from '../test/lsp/helpers/build';
import { LspClient } from '../test/lsp/helpers/lsp-client';

const args = process.argv.slice(2);
const EDITS = Number(args[args.indexOf('--edits') + 1]) || 50;
const WARMUP = 5;
const KEEP = args.includes('--keep');
/** rules switched off through the editor settings, to see what each rule's cost does to latency */
/** write the server's V8 CPU profile (node --cpu-prof) into DIR, to see where an edit's time goes */
const CPU_PROF = args.includes('--cpu-prof') ? args[args.indexOf('--cpu-prof') + 1] : undefined;
const OFF = args.includes('--off') ? (args[args.indexOf('--off') + 1] ?? '').split(',').filter(Boolean) : [];

function bigFile(): { text: string; editLines: number[] } {
  const lines: string[] = [
    "import { readFileSync } from 'fs';",
    "import type { Order } from './models/model-0';",
    '',
    'export interface Row { id: number; name: string; tags: string[]; total: number }',
    '',
  ];
  const editLines: number[] = [];
  for (let k = 0; lines.length < 990; k++) {
    const kind = k % 5;
    lines.push(`export function step${k}(rows: Row[], orders: Order[]): number {`);
    editLines.push(lines.length);
    lines.push(`  const factor${k} = ${k + 1};`);
    lines.push('  let sum = 0;');
    if (kind === 0) {
      lines.push('  const ids = orders.map((o) => o.userId);');
      lines.push('  for (const row of rows) {');
      lines.push('    if (ids.includes(row.id)) sum += row.total * factor' + k + ';');
      lines.push('  }');
    } else if (kind === 1) {
      lines.push('  for (const row of rows) {');
      lines.push("    const re = new RegExp('^' + 'item' + '-\\\\d+$');");
      lines.push('    if (re.test(row.name)) sum += factor' + k + ';');
      lines.push('  }');
    } else if (kind === 2) {
      lines.push('  const byId = new Map(rows.map((r) => [r.id, r]));');
      lines.push('  for (const o of orders) sum += (byId.get(o.userId)?.total ?? 0) * factor' + k + ';');
      lines.push('  sum += byId.size;');
      lines.push('  sum -= 0;');
    } else if (kind === 3) {
      lines.push('  for (let i = 0; i < rows.length; i++) {');
      lines.push('    sum += rows[i]!.tags.length * factor' + k + ';');
      lines.push('    if (sum > 1e9) break;');
      lines.push('  }');
    } else {
      lines.push('  const names = rows.filter((r) => r.total > factor' + k + ').map((r) => r.name);');
      lines.push("  sum += names.join(',').length;");
      lines.push('  sum += orders.length;');
      lines.push('  sum += rows.length;');
    }
    lines.push('  return sum;');
    lines.push('}');
    lines.push('');
  }
  lines.push('export async function loadTemplate(name: string): Promise<string> {');
  lines.push("  return readFileSync('/srv/templates/' + name, 'utf8');");
  lines.push('}');
  while (lines.length < 1000) lines.push(`// padding ${lines.length}`);
  return { text: lines.join('\n') + '\n', editLines };
}

function generate(root: string): { bigPath: string; editLines: number[]; bigText: string } {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', esModuleInterop: true, skipLibCheck: true, noEmit: true }, include: ['src'] }, null, 2),
  };
  for (let i = 0; i < 100; i++) {
    files[`src/models/model-${i}.ts`] = `export interface Order { id: number; userId: number; amount: number }
export interface Model${i} { id: number; label: string; orders: Order[] }
export function total${i}(m: Model${i}): number {
  let t = 0;
  for (const o of m.orders) t += o.amount;
  return t;
}
`;
  }
  for (let i = 0; i < 159; i++) {
    files[`src/services/service-${i}.ts`] = `import { total${i % 100}, type Model${i % 100} } from '../models/model-${i % 100}';
export async function fetchAll${i}(items: Model${i % 100}[], load: (id: number) => Promise<Model${i % 100}>): Promise<number> {
  const loaded = await Promise.all(items.map((m) => load(m.id)));
  return loaded.reduce((s, m) => s + total${i % 100}(m), 0);
}
export function labels${i}(items: Model${i % 100}[]): string[] {
  const seen = new Set<string>();
  for (const m of items) seen.add(m.label);
  return [...seen];
}
`;
  }
  for (let i = 0; i < 40; i++) {
    files[`src/routes/route-${i}.ts`] = `import { step${i}, type Row } from '../big';
import { labels${i} } from '../services/service-${i}';
export function handle${i}(rows: Row[]): number {
  return step${i}(rows, []) + labels${i}([]).length;
}
`;
  }
  const big = bigFile();
  files['src/big.ts'] = big.text;
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  const count = Object.keys(files).filter((f) => f.endsWith('.ts')).length;
  if (count !== 300) throw new Error(`generated ${count} source files, expected 300`);
  return { bigPath: join(root, 'src/big.ts'), editLines: big.editLines, bigText: big.text };
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

async function main(): Promise<void> {
  await ensureBuilt(['server']);
  const root = mkdtempSync(join(tmpdir(), 'perflens-bench-lsp-'));
  const { bigPath, editLines, bigText } = generate(root);
  const t0 = performance.now();
  const command = CPU_PROF ? [process.execPath, '--cpu-prof', '--cpu-prof-dir', CPU_PROF, join(__dirname, '..', 'dist', 'server.js'), '--stdio'] : undefined;
  const { client } = await LspClient.start({ root, ...(command ? { command } : {}), settings: { trace: { server: 'verbose' }, rules: Object.fromEntries(OFF.map((id) => [id, 'off'])) } });
  try {
    const uri = await client.open(bigPath, bigText, 'typescript');
    const first = await client.waitForDiagnostics(uri, (p) => p.version === 1, 300_000);
    const firstMs = first.at - t0;
    const scanLine = await client.waitForLog(/workspace scan done/, 600_000);
    const scanMs = performance.now() - t0;

    const lines = bigText.split('\n');
    const latencies: number[] = [];
    const analysisMs: number[] = [];
    const analysisCpuMs: number[] = [];
    let cpuAtStart = 0;
    for (let i = 0; i < WARMUP + EDITS; i++) {
      if (i === WARMUP) cpuAtStart = cpuMs(client.proc.pid!);
      const line = editLines[(i * 7) % editLines.length]!;
      const old = lines[line]!;
      const next = old.replace(/= \d+;/, `= ${100 + i};`);
      lines[line] = next;
      const sent = performance.now();
      const version = await client.changeRange(uri, { start: { line, character: 0 }, end: { line, character: old.length } }, next);
      const got = await client.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
      if (i >= WARMUP) {
        latencies.push(got.at - sent);
        const line = await client.waitForLog(new RegExp(`analysed .*big\\.ts v${version}: .* in ([\\d.]+) ms`));
        analysisMs.push(Number(/in ([\d.]+) ms/.exec(line)![1]));
        analysisCpuMs.push(Number(/cpu ([\d.]+) ms/.exec(line)?.[1] ?? NaN));
      }
    }
    const cpuPerEdit = (cpuMs(client.proc.pid!) - cpuAtStart) / EDITS;
    const sortedAnalysis = [...analysisMs].sort((a, b) => a - b);
    const sortedCpu = [...analysisCpuMs].sort((a, b) => a - b);
    const sorted = [...latencies].sort((a, b) => a - b);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    const findings = client.published.get(uri)?.diagnostics.length ?? 0;
    if (OFF.length) console.log(`rules off: ${OFF.join(', ')}`);
    console.log(`project: 300 files (tsconfig), edited file ${lines.length - 1} lines, imported by 40 files; ${findings} findings in it`);
    console.log(`server start → first diagnostics of the open file: ${firstMs.toFixed(0)} ms; ${scanLine} (${scanMs.toFixed(0)} ms after start)`);
    console.log(`didChange → publishDiagnostics over ${latencies.length} edits (after ${WARMUP} warm-up edits):`);
    console.log(`  p50 ${percentile(sorted, 50).toFixed(1)} ms   p95 ${percentile(sorted, 95).toFixed(1)} ms   max ${sorted.at(-1)!.toFixed(1)} ms   mean ${mean.toFixed(1)} ms   (target p95 ≤ 100 ms)`);
    console.log(`  of which the analysis of the edited file (server-side wall): p50 ${percentile(sortedAnalysis, 50).toFixed(1)} ms   p95 ${percentile(sortedAnalysis, 95).toFixed(1)} ms; its CPU time: p50 ${percentile(sortedCpu, 50).toFixed(1)} ms   p95 ${percentile(sortedCpu, 95).toFixed(1)} ms`);
    console.log(`  server CPU per edit, including re-checking dependents in the background: ${cpuPerEdit.toFixed(1)} ms`);
    const load = (await import('node:os')).loadavg()[0]!;
    console.log(`  machine load average (1 min) at the end: ${load.toFixed(2)} on ${(await import('node:os')).cpus().length} cores`);
  } finally {
    await client.shutdown();
    if (KEEP) console.log(`project kept at ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
