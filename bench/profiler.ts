/**
 * Profiler overhead on the samples with a known hot line, in one run: ≥5 interleaved pairs per
 * sample (which of plain/profiled runs first alternates), medians of per-pair ratios. Prints figures,
 * asserts nothing.
 *
 *   npx tsx bench/profiler.ts [--pairs 5] [--only quadratic.js] [--external-runs 3]
 *   npm --prefix bench/external-profilers install   # once, for the 0x / clinic flame comparison (bench only)
 *
 * - target CPU / peak RSS: the script's own process.cpuUsage() and maxRSS at `exit` (a bench preload),
 *   plain `node` vs under the inspector capture (1 ms CPU sampling + 32 KiB heap sampling, the default).
 *   In brackets: the same script under node's own `--cpu-prof` (V8's profiler alone), the floor to read CPU× against.
 * - added start-up: spawn → the script's first line, profiled minus plain.
 * - whole `perflens profile` wall (bundled CLI as scripts/build.mjs makes it; with findings and an
 *   empty findings cache (cold: every run analyses), with findings from the cache of an earlier run
 *   of the unchanged script (warm), with --no-findings, and with the analysis forced after the run
 *   (PERFLENS_NO_ANALYSIS_WORKER=1, cold, the old sequential behaviour)) vs the plain run's wall; its after-run latency (the script's
 *   exit → the command's exit) and its CPU (the CLI with all its threads + the script). On this
 *   shared 2-core machine wall ratios swing with the load; after-run ms and CPU say more.
 * - table: CPU to import, source-map and aggregate the hotspot tables of each captured profile.
 * Targets (issue 4): ≤ 1.15× CPU, ≤ 0.5 s added start-up, ≤ 1.25× wall for the whole command.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { profileScript } from '../server/src/profiler/profile-script';
import { buildTables } from '../server/src/profiler/summarize';

const REPO = resolve(__dirname, '..');
const SAMPLES = join(REPO, 'samples', 'profiling');
const MARK = join(__dirname, 'profiler-mark.cjs');
const WORK = join(tmpdir(), 'perflens-bench-profiler');
const argv = process.argv.slice(2);
const PAIRS = argv.includes('--pairs') ? Number(argv[argv.indexOf('--pairs') + 1]) : 5;
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const CASES: { name: string; args: string[]; label?: string }[] = [
  { name: 'quadratic.js', args: ['24000'] },
  // the same hot loop for a few seconds: what the fixed start-up and analysis costs weigh in a longer run
  { name: 'quadratic.js', args: ['60000'], label: 'quadratic.js 60k' },
  { name: 'quadratic.ts', args: ['24000'] },
  { name: 'alloc.js', args: ['100000'] },
  { name: 'sync-io-server.js', args: ['200'] },
  { name: 'chatty.js', args: ['30000'] },
].filter((c) => !ONLY || (c.label ?? c.name) === ONLY);
const caseName = (c: (typeof CASES)[number]): string => c.label ?? c.name;

interface Mark { startedAt: number; exitAt: number; cpuMs: number; maxRssKB: number; argv1?: string }
interface Measure { wallMs: number; startMs: number; cpuMs: number; rssKB: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const markFile = (tag: string): string => join(WORK, `mark-${tag}-${process.hrtime.bigint()}.json`);
const readMark = (f: string): Mark => JSON.parse(readFileSync(f, 'utf8')) as Mark;

function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = SAMPLES): Promise<number> {
  return new Promise((done) => {
    // Output is piped and drained, as a terminal or the profiler's parent would read it (not /dev/null).
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.resume();
    child.stderr!.resume();
    child.once('close', (code) => done(code ?? -1));
  });
}

/**
 * The script without PerfLens: plain node, or with `flags` (node's own `--cpu-prof`: V8's CPU profiler
 * alone, written by node at exit — the floor any V8-based profiler pays at this interval).
 */
async function plainRun(c: (typeof CASES)[number], flags: string[] = []): Promise<Measure> {
  const mark = markFile(flags.length ? 'cpuprof' : 'plain');
  const tsArgs = c.name.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const t0 = Date.now();
  await runProcess(process.execPath, [...flags, ...tsArgs, '--require', MARK, c.name, ...c.args], { ...process.env, PERFLENS_BENCH_MARK: mark });
  const wallMs = Date.now() - t0;
  const m = readMark(mark);
  return { wallMs, startMs: m.startedAt - t0, cpuMs: m.cpuMs, rssKB: m.maxRssKB };
}

async function profiledRun(c: (typeof CASES)[number], tables: number[]): Promise<Measure> {
  const mark = markFile('prof');
  const t0 = Date.now();
  const run = await profileScript({
    script: join(SAMPLES, c.name),
    args: c.args,
    cwd: SAMPLES,
    outDir: join(WORK, 'profiles'),
    findings: false,
    runtimeArgs: ['--require', MARK],
    env: { ...process.env, PERFLENS_BENCH_MARK: mark },
  });
  const wallMs = Date.now() - t0;
  const m = readMark(mark);
  // CPU to build the source-mapped tables again, from the saved files, in this process
  const cpu0 = process.cpuUsage();
  buildTables(JSON.parse(readFileSync(run.summary.profile!, 'utf8')), JSON.parse(readFileSync(run.summary.heapProfile!, 'utf8')), run.capture.scripts);
  const cpu = process.cpuUsage(cpu0);
  tables.push((cpu.user + cpu.system) / 1000);
  return { wallMs, startMs: m.startedAt - t0, cpuMs: m.cpuMs, rssKB: m.maxRssKB };
}

interface CliMeasure { wallMs: number; afterRunMs: number; cpuMs: number; bytes: number }

/**
 * One profiling command over a sample, as a user runs it: wall; after-run latency (the script's exit
 * → the command's exit: tables, saving, and whatever analysis is still running); CPU of the command's
 * own process (all its threads, the analysis worker included) plus the script's; bytes it wrote.
 */
async function measureCommand(c: (typeof CASES)[number], cmd: string, args: (out: string) => string[], env: NodeJS.ProcessEnv = {}): Promise<CliMeasure> {
  const dir = join(WORK, `marks-${process.hrtime.bigint()}`);
  const out = join(dir, 'out');
  mkdirSync(out, { recursive: true });
  const marks = { NODE_OPTIONS: `--require ${MARK}`, PERFLENS_BENCH_MARK: join(dir, 'mark-{pid}.json'), NO_INSIGHT: '1', NO_UPDATE_NOTIFIER: '1', CI: '1' };
  const argv = args(out);
  const t0 = Date.now();
  await runProcess(cmd, argv, { ...process.env, ...marks, ...env });
  const wallMs = Date.now() - t0;
  const all = readdirSync(dir).filter((f) => f.startsWith('mark-')).map((f) => readMark(join(dir, f)));
  const own = all.find((m) => m.argv1 === argv[0] || m.argv1 === cmd);
  const script = all.find((m) => m.argv1?.endsWith(c.name));
  return { wallMs, afterRunMs: script ? t0 + wallMs - script.exitAt : NaN, cpuMs: (own?.cpuMs ?? NaN) + (script?.cpuMs ?? NaN), bytes: dirBytes(out) };
}

/** The whole `perflens profile` command (the bundled CLI). */
function cliRun(cli: string, c: (typeof CASES)[number], extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliMeasure> {
  return measureCommand(c, process.execPath, (out) => [cli, 'profile', c.name, '--out', out, ...extra, '--', ...c.args], env);
}

/** The CLI exactly as scripts/build.mjs lays out dist/ (dispatcher, command bundles, ts-morph sidecar, worker, preload). */
async function bundleCli(): Promise<string> {
  const out = join(WORK, 'dist');
  const code = await runProcess(process.execPath, [join(REPO, 'scripts', 'build.mjs'), '--outdir', out], process.env, REPO);
  if (code !== 0) throw new Error(`scripts/build.mjs --outdir ${out} failed (exit ${code})`);
  return join(out, 'cli.js');
}

const EXTERNAL_BIN = join(REPO, 'bench', 'external-profilers', 'node_modules', '.bin');
const EXTERNAL_PAIRS = Number(argv[argv.indexOf('--external-runs') + 1]) || 3;

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

/** One run of a whole profiling command: perflens (with or without findings), 0x or clinic flame. */
function toolRun(c: (typeof CASES)[number], tool: 'perflens' | 'perflens-bare' | '0x' | 'clinic', cli: string): Promise<CliMeasure> {
  const script = join(SAMPLES, c.name);
  if (tool === '0x') return measureCommand(c, join(EXTERNAL_BIN, '0x'), (out) => ['--output-dir', out, '--', process.execPath, script, ...c.args]);
  if (tool === 'clinic') return measureCommand(c, join(EXTERNAL_BIN, 'clinic'), (out) => ['flame', '--dest', out, '--open=false', '--', process.execPath, script, ...c.args]);
  return cliRun(cli, c, tool === 'perflens-bare' ? ['--no-findings'] : [], { PERFLENS_FINDINGS_CACHE: 'off' });
}

/**
 * The same samples under 0x and clinic flame (installed only by `npm --prefix bench/external-profilers
 * install`, never by CI), beside the whole `perflens profile` command: wall over the plain run's,
 * script exit → command exit, and what each writes.
 */
async function compareExternal(cli: string): Promise<void> {
  const tools = (['perflens', 'perflens-bare', '0x', 'clinic'] as const).filter((t) => !t.startsWith('perflens') ? existsSync(join(EXTERNAL_BIN, t)) : true);
  const missing = ['0x', 'clinic'].filter((t) => !tools.includes(t as never));
  if (missing.length) console.log(`${missing.join(', ')}: not installed (npm --prefix bench/external-profilers install)`);
  console.log(`\nwhole profiling commands, ${EXTERNAL_PAIRS} runs each, medians — wall× of the plain run │ script exit → command exit │ written (load ${loadavg()[0]!.toFixed(1)})`);
  console.log(`sample               plain wall │ ${tools.map((t) => t.padStart(13)).join(' ')} │ ${tools.map((t) => t.padStart(13)).join(' ')} │ ${tools.map((t) => t.padStart(13)).join(' ')}`);
  for (const c of CASES) {
    const plain: number[] = [];
    const m = new Map<string, CliMeasure[]>(tools.map((t) => [t, []]));
    for (let i = 0; i < EXTERNAL_PAIRS; i++) {
      plain.push((await plainRun(c)).wallMs);
      for (const t of i % 2 ? [...tools].reverse() : tools) m.get(t)!.push(await toolRun(c, t, cli));
    }
    const p = median(plain);
    const col = (f: (x: CliMeasure) => number, fmt: (v: number) => string): string => tools.map((t) => fmt(median(m.get(t)!.map(f))).padStart(13)).join(' ');
    console.log(`${caseName(c).padEnd(19)} ${p.toFixed(0).padStart(7)} ms │ ${col((x) => x.wallMs / p, (v) => `${v.toFixed(2)}×`)} │ ${col((x) => x.afterRunMs, (v) => `${v.toFixed(0)} ms`)} │ ${col((x) => x.bytes, (v) => `${(v / 1048576).toFixed(2)} MB`)}`);
  }
}

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const cli = await bundleCli();
  console.log(`perflens profiler bench: node ${process.version}, ${PAIRS} interleaved pairs per sample, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('sample               plain CPU  prof CPU  CPU× (V8 --cpu-prof)   RSS×   +start-up   plain wall │ perflens wall×: findings cold  warm  no findings  after run │ after-run ms: findings cold  warm  no findings  after run │ command CPU: cold  after run │ table CPU');
  for (const c of PAIRS > 0 ? CASES : []) {
    const cpuRatio: number[] = [], rssRatio: number[] = [], startAdded: number[] = [], v8CpuRatio: number[] = [];
    const plainCpu: number[] = [], profCpu: number[] = [], plainWall: number[] = [], tables: number[] = [];
    const runs = { overlap: [] as CliMeasure[], warm: [] as CliMeasure[], bare: [] as CliMeasure[], seq: [] as CliMeasure[] };
    const wallRatio = { overlap: [] as number[], warm: [] as number[], bare: [] as number[], seq: [] as number[] };
    await plainRun(c); // warm the file cache and the preload build
    const warmCache = join(WORK, `findings-cache-${caseName(c).replace(/\W+/g, '-')}`);
    await cliRun(cli, c, [], { PERFLENS_FINDINGS_CACHE: warmCache }); // fills the findings cache the warm runs use
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 === 0 ? ['plain', 'prof', 'v8'] : ['v8', 'prof', 'plain'];
      let plain!: Measure, prof!: Measure, v8!: Measure;
      for (const which of order) {
        if (which === 'plain') plain = await plainRun(c);
        else if (which === 'v8') v8 = await plainRun(c, ['--cpu-prof', `--cpu-prof-dir=${join(WORK, 'cpu-prof')}`]);
        else prof = await profiledRun(c, tables);
      }
      v8CpuRatio.push(v8.cpuMs / plain.cpuMs);
      // the analysis in the main thread after the script (PERFLENS_NO_ANALYSIS_WORKER): the old, sequential way
      const cold = { PERFLENS_FINDINGS_CACHE: 'off' };
      const variants: [keyof typeof runs, string[], NodeJS.ProcessEnv][] = [
        ['overlap', [], cold],
        ['warm', [], { PERFLENS_FINDINGS_CACHE: warmCache }],
        ['bare', ['--no-findings'], {}],
        ['seq', [], { ...cold, PERFLENS_NO_ANALYSIS_WORKER: '1' }],
      ];
      for (const [key, extra, env] of i % 2 === 0 ? variants : [...variants].reverse()) {
        const m = await cliRun(cli, c, extra, env);
        runs[key].push(m);
        wallRatio[key].push(m.wallMs / plain.wallMs);
      }
      cpuRatio.push(prof.cpuMs / plain.cpuMs);
      rssRatio.push(prof.rssKB / plain.rssKB);
      startAdded.push(prof.startMs - plain.startMs);
      plainCpu.push(plain.cpuMs); profCpu.push(prof.cpuMs); plainWall.push(plain.wallMs);
    }
    const med = (xs: number[], d = 0): string => median(xs).toFixed(d);
    const after = (k: keyof typeof runs): string => med(runs[k].map((m) => m.afterRunMs)).padStart(6);
    const cmdCpu = (k: keyof typeof runs): string => med(runs[k].map((m) => m.cpuMs)).padStart(6);
    console.log(
      `${caseName(c).padEnd(19)} ${med(plainCpu).padStart(7)} ms ${med(profCpu).padStart(6)} ms ${med(cpuRatio, 2).padStart(5)} (${med(v8CpuRatio, 2)}) ${med(rssRatio, 2).padStart(12)} ${med(startAdded).padStart(8)} ms ${med(plainWall).padStart(9)} ms │ ${med(wallRatio.overlap, 2).padStart(20)} ${med(wallRatio.warm, 2).padStart(5)} ${med(wallRatio.bare, 2).padStart(12)} ${med(wallRatio.seq, 2).padStart(10)} │ ${after('overlap').padStart(22)} ${after('warm').padStart(5)} ${after('bare').padStart(12)} ${after('seq').padStart(10)} │ ${cmdCpu('overlap').padStart(12)} ${cmdCpu('seq').padStart(10)} │ ${med(tables).padStart(6)} ms`,
    );
    console.log(`${''.padEnd(19)} min–max CPU× ${Math.min(...cpuRatio).toFixed(2)}–${Math.max(...cpuRatio).toFixed(2)}, wall× (findings, cold) ${Math.min(...wallRatio.overlap).toFixed(2)}–${Math.max(...wallRatio.overlap).toFixed(2)}, (warm) ${Math.min(...wallRatio.warm).toFixed(2)}–${Math.max(...wallRatio.warm).toFixed(2)}, +start-up ${Math.min(...startAdded).toFixed(0)}–${Math.max(...startAdded).toFixed(0)} ms`);
  }
  await compareExternal(cli);
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; on a shared machine trust CPU ratios over wall ratios`);
}

void main();
