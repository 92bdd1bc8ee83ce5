/**
 * Full `perflens analyze` on pinned real code, beside `tsc --noEmit` and ESLint on the same files, in one
 * run (interleaved rounds, medians), as ratios. Prints figures, asserts nothing.
 *
 *   npm --prefix bench install        # once: rxjs@7.8.2, three@0.187.0, typescript@6.0.2, eslint, typescript-eslint
 *   npm run build && npx tsx bench/analysis.ts [--runs 3] [--only rxjs|three]
 *
 * Corpora (as in research/analysis-anchors.md): rxjs `src/` (251 .ts, with a strict tsconfig.json that
 * PerfLens and tsc both use) and three `src/` + `examples/jsm/` (1,260 .js, no tsconfig: PerfLens uses its
 * inferred project; tsc gets `tsconfig.tsc.json` with allowJs + checkJs). They are copied to
 * bench/.corpora/ (out of node_modules, which every tool skips). Each measurement is one process under
 * `/usr/bin/time -v` (whole process incl. start-up; RSS incl. children) or, without it, a preload that
 * reports the process's own resourceUsage. On a shared machine compare CPU, not wall.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BENCH = resolve(__dirname);
const REPO = resolve(BENCH, '..');
const NM = join(BENCH, 'node_modules');
const CORPORA = join(BENCH, '.corpora');
const OUT = join(tmpdir(), 'perflens-bench');
const TIME = '/usr/bin/time';

interface Cell {
  corpus: 'rxjs' | 'three';
  tool: string;
  cwd: string;
  args: string[];
  /** files the tool looked at, read from its output after the run */
  files?: () => number | undefined;
  /** extra environment (PERFLENS_WORKERS: the thread count of a parallel analyze) */
  env?: Record<string, string>;
}

interface Sample {
  wallS: number;
  cpuS: number;
  rssMb: number;
  exit: number | null;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function countFiles(dir: string, ext: RegExp): number {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => ext.test(String(f))).length;
}

function prepareCorpora(): { rxjs: string; three: string } {
  const rxjs = join(CORPORA, 'rxjs');
  const three = join(CORPORA, 'three');
  if (!existsSync(join(rxjs, 'src'))) cpSync(join(NM, 'rxjs', 'src'), join(rxjs, 'src'), { recursive: true });
  if (!existsSync(join(three, 'src'))) {
    cpSync(join(NM, 'three', 'src'), join(three, 'src'), { recursive: true });
    cpSync(join(NM, 'three', 'examples', 'jsm'), join(three, 'examples', 'jsm'), { recursive: true });
  }
  writeFileSync(
    join(rxjs, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, target: 'esnext', module: 'esnext', moduleResolution: 'bundler', lib: ['esnext', 'dom'], types: [], skipLibCheck: true, noEmit: true },
      include: ['src/**/*.ts'],
    }),
  );
  writeFileSync(
    join(three, 'tsconfig.tsc.json'),
    JSON.stringify({
      compilerOptions: {
        allowJs: true, checkJs: true, noEmit: true, target: 'esnext', module: 'esnext', moduleResolution: 'bundler', lib: ['esnext', 'dom'], types: [], skipLibCheck: true,
        paths: { three: ['./src/Three.js'], 'three/webgpu': ['./src/Three.WebGPU.js'], 'three/tsl': ['./src/Three.TSL.js'], 'three/addons/*': ['./examples/jsm/*'] },
      },
      include: ['src/**/*.js', 'examples/jsm/**/*.js'],
    }),
  );
  const coreRules = `{ 'no-await-in-loop': 'error', 'no-loop-func': 'error', 'no-unmodified-loop-condition': 'error', 'no-unreachable-loop': 'error', 'for-direction': 'error', 'no-constant-condition': 'error' }`;
  const header = "import tseslint from 'typescript-eslint';\n";
  const base = `linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' }`;
  for (const dir of [rxjs, three]) {
    writeFileSync(
      join(dir, 'eslint.core.mjs'),
      `${header}export default [{ files: ['**/*.js', '**/*.ts'], ${base}, languageOptions: { ecmaVersion: 'latest', sourceType: 'module' }, rules: ${coreRules} },
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }];\n`,
    );
  }
  writeFileSync(
    join(rxjs, 'eslint.typed.mjs'),
    `${header}export default [{ files: ['**/*.ts'], ${base}, plugins: { '@typescript-eslint': tseslint.plugin },
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: ${JSON.stringify(rxjs)} } },
  rules: { ...${coreRules}, '@typescript-eslint/no-floating-promises': 'error' } }];\n`,
  );
  return { rxjs, three };
}

const RUSAGE_PRELOAD = join(OUT, 'rusage.cjs');

function measure(cell: Cell): Sample {
  const node = process.execPath;
  const useTime = existsSync(TIME);
  const report = join(OUT, 'rusage.json');
  rmSync(report, { force: true });
  const cmd = useTime ? [TIME, '-v', node, ...cell.args] : [node, '-r', RUSAGE_PRELOAD, ...cell.args];
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: cell.cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...cell.env, PERFLENS_BENCH_RUSAGE: report } });
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  if (useTime) {
    const field = (name: string): number => Number(new RegExp(`${name}: ([\\d.]+)`).exec(r.stderr)?.[1] ?? NaN);
    return { wallS, cpuS: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'), rssMb: field('Maximum resident set size \\(kbytes\\)') / 1024, exit: r.status };
  }
  const u = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : { userCPUTime: NaN, systemCPUTime: NaN, maxRSS: NaN };
  return { wallS, cpuS: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024, exit: r.status };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function main(): void {
  if (!existsSync(join(NM, 'rxjs', 'package.json')) || !existsSync(join(NM, 'three', 'package.json'))) {
    console.error('bench corpora are not installed: run `npm --prefix bench install` first (never needed for npm test)');
    process.exit(2);
  }
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) {
    console.error('dist/cli.js is missing: run `npm run build` first');
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(RUSAGE_PRELOAD, `process.on('exit', () => require('fs').writeFileSync(process.env.PERFLENS_BENCH_RUSAGE, JSON.stringify(process.resourceUsage())));\n`);
  const runs = Number(argValue('--runs') ?? 3);
  const only = argValue('--only');
  const { rxjs, three } = prepareCorpora();
  const bin = join(REPO, 'bin', 'perflens.js');
  const tsc = join(NM, 'typescript', 'bin', 'tsc');
  const eslint = join(NM, 'eslint', 'bin', 'eslint.js');
  const outFile = (name: string): string => join(OUT, name);
  const jsonFiles = (file: string, pick: (j: unknown) => number) => (): number | undefined => {
    try {
      return pick(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      return undefined;
    }
  };
  const perflensFiles = (j: unknown): number => (j as { summary: { analysed: number } }).summary.analysed;
  const eslintFiles = (j: unknown): number => (j as unknown[]).length;
  const cells: Cell[] = [
    { corpus: 'rxjs', tool: 'perflens analyze', cwd: rxjs, args: [bin, 'analyze', 'src', '--format', 'json', '--output', outFile('p-rxjs.json'), '--fail-on', 'none', '--quiet'], files: jsonFiles(outFile('p-rxjs.json'), perflensFiles) },
    { corpus: 'rxjs', tool: 'tsc --noEmit (6.0.2)', cwd: rxjs, args: [tsc, '-p', 'tsconfig.json'] },
    { corpus: 'rxjs', tool: 'eslint, 6 core rules', cwd: rxjs, args: [eslint, '-c', 'eslint.core.mjs', '-f', 'json', '-o', outFile('e-rxjs.json'), 'src'], files: jsonFiles(outFile('e-rxjs.json'), eslintFiles) },
    { corpus: 'rxjs', tool: 'eslint + typescript-eslint typed', cwd: rxjs, args: [eslint, '-c', 'eslint.typed.mjs', '-f', 'json', '-o', outFile('t-rxjs.json'), 'src'], files: jsonFiles(outFile('t-rxjs.json'), eslintFiles) },
    // three is large enough to split over worker threads (engine/analyze-parallel.ts, opt-in: PERFLENS_WORKERS),
    // so both are measured; the 1-thread run is the CLI's default and writes its own JSON
    { corpus: 'three', tool: 'perflens analyze (2 threads)', cwd: three, env: { PERFLENS_WORKERS: '2' }, args: [bin, 'analyze', 'src', 'examples/jsm', '--format', 'json', '--output', outFile('p-three.json'), '--fail-on', 'none', '--quiet'], files: jsonFiles(outFile('p-three.json'), perflensFiles) },
    { corpus: 'three', tool: 'perflens analyze (1 thread)', cwd: three, env: { PERFLENS_WORKERS: '1' }, args: [bin, 'analyze', 'src', 'examples/jsm', '--format', 'json', '--output', outFile('p-three-1.json'), '--fail-on', 'none', '--quiet'], files: jsonFiles(outFile('p-three-1.json'), perflensFiles) },
    { corpus: 'three', tool: 'tsc --noEmit (6.0.2, checkJs)', cwd: three, args: [tsc, '-p', 'tsconfig.tsc.json'] },
    { corpus: 'three', tool: 'eslint, 6 core rules', cwd: three, args: [eslint, '-c', 'eslint.core.mjs', '-f', 'json', '-o', outFile('e-three.json'), 'src', 'examples/jsm'], files: jsonFiles(outFile('e-three.json'), eslintFiles) },
  ].filter((c) => !only || c.corpus === only) as Cell[];

  console.log(`corpora: rxjs src ${countFiles(join(rxjs, 'src'), /\.ts$/)} .ts; three src+examples/jsm ${countFiles(join(three, 'src'), /\.js$/) + countFiles(join(three, 'examples', 'jsm'), /\.js$/)} .js`);
  console.log(`${runs} interleaved round(s); measuring with ${existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage preload'}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const samples = new Map<Cell, Sample[]>(cells.map((c) => [c, []]));
  const files = new Map<Cell, number | undefined>();
  for (let round = 0; round < runs; round++) {
    const order = cells.map((_, i) => cells[(i + round) % cells.length]!);
    for (const cell of order) {
      const s = measure(cell);
      samples.get(cell)!.push(s);
      if (cell.files) files.set(cell, cell.files());
      process.stderr.write(`  round ${round + 1}: ${cell.corpus} ${cell.tool}: wall ${s.wallS.toFixed(2)} s, cpu ${s.cpuS.toFixed(2)} s, rss ${s.rssMb.toFixed(0)} MB, exit ${s.exit}\n`);
    }
  }
  console.log(`load average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('| corpus | tool | files | wall med (min–max) s | CPU med s | peak RSS med MB | wall ÷ perflens | CPU ÷ perflens | exit |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const corpus of ['rxjs', 'three'] as const) {
    const ofCorpus = cells.filter((c) => c.corpus === corpus);
    const base = ofCorpus.find((c) => c.tool.startsWith('perflens analyze'));
    const baseWall = base ? median(samples.get(base)!.map((s) => s.wallS)) : NaN;
    const baseCpu = base ? median(samples.get(base)!.map((s) => s.cpuS)) : NaN;
    for (const cell of ofCorpus) {
      const ss = samples.get(cell)!;
      const wall = median(ss.map((s) => s.wallS));
      const cpu = median(ss.map((s) => s.cpuS));
      const rss = median(ss.map((s) => s.rssMb));
      const walls = ss.map((s) => s.wallS);
      console.log(
        `| ${corpus} | ${cell.tool} | ${files.get(cell) ?? '–'} | ${wall.toFixed(2)} (${Math.min(...walls).toFixed(2)}–${Math.max(...walls).toFixed(2)}) | ${cpu.toFixed(2)} | ${rss.toFixed(0)} | ${(wall / baseWall).toFixed(2)}× | ${(cpu / baseCpu).toFixed(2)}× | ${[...new Set(ss.map((s) => s.exit))].join('/')} |`,
      );
    }
  }
  for (const [corpus, file] of [['rxjs', 'p-rxjs.json'], ['three', 'p-three.json']] as const) {
    if (!existsSync(outFile(file)) || (only && only !== corpus)) continue;
    const j = JSON.parse(readFileSync(outFile(file), 'utf8')) as { findings: { ruleId: string }[]; problems: { code: string }[] };
    const byRule = new Map<string, number>();
    for (const f of j.findings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    console.log(`\nperflens findings on ${corpus}: ${j.findings.length} (${[...byRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}); problems: ${j.problems.length}`);
  }
  if (existsSync(outFile('p-three.json')) && existsSync(outFile('p-three-1.json')) && (!only || only === 'three')) {
    const findingsOf = (f: string): string => JSON.stringify((JSON.parse(readFileSync(outFile(f), 'utf8')) as { findings: unknown[] }).findings);
    console.log(`three: findings of the 2-thread and the 1-thread run ${findingsOf('p-three.json') === findingsOf('p-three-1.json') ? 'are identical' : 'DIFFER'}`);
  }
  console.log('\ntargets (issue 2): rxjs ≤ 2 s, three ≤ 12 s, RSS ≤ 1 GB on three — on a quiet 2-core machine; compare CPU when it is busy');
}

main();
