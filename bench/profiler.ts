/**
 * Profiler overhead on the samples with a known hot line, in one run: ≥5 interleaved pairs per
 * sample (which of plain/profiled runs first alternates), medians of per-pair ratios. Prints figures,
 * asserts nothing.
 *
 *   npx tsx bench/profiler.ts [--pairs 5] [--only quadratic.js]
 *
 * - target CPU / peak RSS: the script's own process.cpuUsage() and maxRSS at `exit` (a bench preload),
 *   plain `node` vs under the inspector capture (1 ms CPU sampling + 32 KiB heap sampling, the default).
 * - added start-up: spawn → the script's first line, profiled minus plain.
 * - whole `perflens profile` wall (bundled CLI as scripts/build.mjs makes it; with findings, with
 *   --no-findings, and with the analysis forced after the run (PERFLENS_NO_ANALYSIS_WORKER=1,
 *   the old sequential behaviour)) vs the plain run's wall.
 * - table: CPU to import, source-map and aggregate the hotspot tables of each captured profile.
 * Targets (issue 4): ≤ 1.15× CPU, ≤ 0.5 s added start-up, ≤ 1.25× wall for the whole command.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type PluginBuild } from 'esbuild';
import { profileScript } from '../server/src/profiler/profile-script';
import { buildTables } from '../server/src/profiler/summarize';
import { detectBackends } from '../server/src/profiler/backends';

const REPO = resolve(__dirname, '..');
const SAMPLES = join(REPO, 'samples', 'profiling');
const MARK = join(__dirname, 'profiler-mark.cjs');
const WORK = join(tmpdir(), 'perflens-bench-profiler');
const argv = process.argv.slice(2);
const PAIRS = Number(argv[argv.indexOf('--pairs') + 1]) || 5;
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;

const CASES: { name: string; args: string[] }[] = [
  { name: 'quadratic.js', args: ['24000'] },
  { name: 'quadratic.ts', args: ['24000'] },
  { name: 'alloc.js', args: ['100000'] },
  { name: 'sync-io-server.js', args: ['200'] },
].filter((c) => !ONLY || c.name === ONLY);

interface Mark { startedAt: number; exitAt: number; cpuMs: number; maxRssKB: number }
interface Measure { wallMs: number; startMs: number; cpuMs: number; rssKB: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const markFile = (tag: string): string => join(WORK, `mark-${tag}-${process.hrtime.bigint()}.json`);
const readMark = (f: string): Mark => JSON.parse(readFileSync(f, 'utf8')) as Mark;

function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: SAMPLES, env, stdio: 'ignore' });
    child.once('exit', (code) => done(code ?? -1));
  });
}

async function plainRun(c: (typeof CASES)[number]): Promise<Measure> {
  const mark = markFile('plain');
  const tsArgs = c.name.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const t0 = Date.now();
  await runProcess(process.execPath, [...tsArgs, '--require', MARK, c.name, ...c.args], { ...process.env, PERFLENS_BENCH_MARK: mark });
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

async function cliRun(cli: string, c: (typeof CASES)[number], extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const t0 = Date.now();
  await runProcess(process.execPath, [cli, 'profile', c.name, '--out', join(WORK, 'cli'), ...extra, '--', ...c.args], { ...process.env, ...env });
  return Date.now() - t0;
}

/** The CLI as scripts/build.mjs bundles it: ts-morph in a sidecar, the analysis worker, the preload. */
async function bundleCli(): Promise<string> {
  const out = join(WORK, 'dist');
  const sidecar = { name: 'ts-morph-sidecar', setup: (b: PluginBuild) => void b.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './ts-morph.js', external: true })) };
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'error' as const, define: { __PERFLENS_VERSION__: '"bench"' } };
  await Promise.all([
    build({ ...common, entryPoints: [join(REPO, 'server/src/cli/main.ts')], outfile: join(out, 'cli.js'), plugins: [sidecar] }),
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/analysis-worker.ts')], outfile: join(out, 'analysis-worker.js'), plugins: [sidecar] }),
    build({ ...common, entryPoints: [join(REPO, 'scripts/ts-morph-entry.cjs')], outfile: join(out, 'ts-morph.js') }),
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/preload.ts')], outfile: join(out, 'preload.js') }),
    build({ ...common, entryPoints: [join(REPO, 'server/src/profiler/ts-transpile.ts')], outfile: join(out, 'ts-transpile.js') }),
  ]);
  return join(out, 'cli.js');
}

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const cli = await bundleCli();
  console.log(`perflens profiler bench: node ${process.version}, ${PAIRS} interleaved pairs per sample, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('sample               plain CPU  prof CPU  CPU×   RSS×   +start-up   plain wall  perflens wall  wall×  (no findings) (analysis after the run)  table CPU');
  for (const c of CASES) {
    const cpuRatio: number[] = [], rssRatio: number[] = [], startAdded: number[] = [], wallRatio: number[] = [];
    const plainCpu: number[] = [], profCpu: number[] = [], plainWall: number[] = [], cliWall: number[] = [], tables: number[] = [], bareRatio: number[] = [], seqRatio: number[] = [];
    await plainRun(c); // warm the file cache and the preload build
    for (let i = 0; i < PAIRS; i++) {
      const order = i % 2 === 0 ? ['plain', 'prof'] : ['prof', 'plain'];
      let plain!: Measure, prof!: Measure;
      for (const which of order) {
        if (which === 'plain') plain = await plainRun(c);
        else prof = await profiledRun(c, tables);
      }
      const whole = await cliRun(cli, c);
      bareRatio.push((await cliRun(cli, c, ['--no-findings'])) / plain.wallMs);
      // the analysis in the main thread after the script (no overlap): what the worker saves
      seqRatio.push((await cliRun(cli, c, [], { PERFLENS_NO_ANALYSIS_WORKER: '1' })) / plain.wallMs);
      cpuRatio.push(prof.cpuMs / plain.cpuMs);
      rssRatio.push(prof.rssKB / plain.rssKB);
      startAdded.push(prof.startMs - plain.startMs);
      wallRatio.push(whole / plain.wallMs);
      plainCpu.push(plain.cpuMs); profCpu.push(prof.cpuMs); plainWall.push(plain.wallMs); cliWall.push(whole);
    }
    console.log(
      `${c.name.padEnd(19)} ${median(plainCpu).toFixed(0).padStart(7)} ms ${median(profCpu).toFixed(0).padStart(6)} ms ${median(cpuRatio).toFixed(2).padStart(5)} ${median(rssRatio).toFixed(2).padStart(6)} ${median(startAdded).toFixed(0).padStart(8)} ms ${median(plainWall).toFixed(0).padStart(9)} ms ${median(cliWall).toFixed(0).padStart(11)} ms ${median(wallRatio).toFixed(2).padStart(6)} ${median(bareRatio).toFixed(2).padStart(8)}       ${median(seqRatio).toFixed(2).padStart(12)}            ${median(tables).toFixed(0).padStart(8)} ms`,
    );
    console.log(`${''.padEnd(19)} min–max CPU× ${Math.min(...cpuRatio).toFixed(2)}–${Math.max(...cpuRatio).toFixed(2)}, wall× ${Math.min(...wallRatio).toFixed(2)}–${Math.max(...wallRatio).toFixed(2)}, +start-up ${Math.min(...startAdded).toFixed(0)}–${Math.max(...startAdded).toFixed(0)} ms`);
  }
  for (const b of detectBackends(REPO).filter((x) => x.id === '0x' || x.id === 'clinic')) {
    console.log(`${b.id}: ${b.available ? 'installed, not run by this bench yet' : b.detail} — see research/profiler-anchors.md (+5–7 s after the script, 2–13 MB written)`);
  }
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}; on a shared machine trust CPU ratios over wall ratios`);
}

void main();
