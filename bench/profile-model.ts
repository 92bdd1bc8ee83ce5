/**
 * Profile model benchmark: generates a synthetic V8 .cpuprofile of a given size (bushy app tree +
 * deep recursion, positionTicks on sampled nodes, samples/timeDeltas), then, in a fresh child
 * process per size and path, measures read, import, source mapping (real @jridgewell/trace-mapping
 * lookups through an esbuild-made map), the hotspot table and the flame tree: CPU ms, wall ms, peak RSS.
 * Two import paths, each in its own process (so peak RSS is that path's):
 *   bytes — what `readProfileFile` does: the file streamed through the byte-level .cpuprofile importer;
 *   json  — the reference: read as text, JSON.parse, the object importer.
 *   npx tsx bench/profile-model.ts            # 50 MB and 200 MB, both paths
 *   npx tsx bench/profile-model.ts 50         # one size (MB)
 *   npx tsx bench/profile-model.ts 50 bytes   # one size, one path
 * CPU is process.cpuUsage (GC threads included). Prints figures, asserts nothing.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { TraceMap, originalPositionFor, LEAST_UPPER_BOUND, GREATEST_LOWER_BOUND } from '@jridgewell/trace-mapping';
import { readProfileText, streamCpuProfile } from '../server/src/profile/read-file';
import { importProfile, mapFrames, buildHotspots, toFlameTree, costForRange, type Profile } from '../server/src/profile/index';

const OUT_DIR = '/tmp/perflens-bench-profile';
const BYTES_PER_NODE = 207;

function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes a synthetic profile of about `mb` MB; returns its path. Streams nodes to disk. */
function generate(mb: number): string {
  const path = join(OUT_DIR, `synthetic-${mb}mb.cpuprofile`);
  if (existsSync(path)) return path;
  mkdirSync(OUT_DIR, { recursive: true });
  const r = rng(42);
  const target = Math.round((mb * 1e6) / BYTES_PER_NODE);
  const files = Array.from({ length: 300 }, (_, i) => (i < 200 ? `file:///app/src/mod${i}.js` : i < 280 ? `file:///app/node_modules/lib${i}/index.js` : `node:internal/mod${i}`));
  const funcs = Array.from({ length: 6000 }, (_, i) => ({ name: `fn${i}_${['get', 'visit', 'parse', 'emit'][i % 4]}`, file: Math.floor(r() * 300), line: Math.floor(r() * 4900), col: Math.floor(r() * 40) }));
  // parent links in creation order (ids = index + 1), children lists built after
  const parent = new Int32Array(target);
  const func = new Int32Array(target);
  const depth = new Int32Array(target);
  parent[0] = -1; func[0] = -1;
  let n = 1;
  // a deep recursion spine of 500 frames, then bushy growth: attach to a random recent node
  for (; n < 501 && n < target; n++) { parent[n] = n - 1; func[n] = n % 5; depth[n] = n; }
  for (; n < target; n++) {
    const back = r() < 0.6 ? 1 : Math.floor(r() * Math.min(n, 2000)) + 1;
    let p = n - back;
    if (depth[p] > 700) p = Math.floor(r() * 500);
    parent[n] = p; func[n] = Math.floor(Math.pow(r(), 2.2) * funcs.length); depth[n] = depth[p] + 1;
  }
  const children: number[][] = Array.from({ length: target }, () => []);
  for (let i = 1; i < target; i++) children[parent[i]].push(i + 1);
  const fd = openSync(path, 'w');
  let buf = '{"nodes":[';
  const flush = (force = false) => { if (force || buf.length > 1 << 22) { writeSync(fd, buf); buf = ''; } };
  const hits = new Int32Array(target);
  for (let i = 0; i < target; i++) {
    const f = func[i] < 0 ? undefined : funcs[func[i]];
    const cf = f ? { functionName: f.name, scriptId: String(10 + f.file), url: files[f.file], lineNumber: f.line, columnNumber: f.col } : { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 };
    const leaf = children[i].length === 0;
    hits[i] = i === 0 ? 0 : leaf ? 1 + Math.floor(r() * 3) : r() < 0.2 ? 1 + Math.floor(r() * 3) : 0;
    const node: Record<string, unknown> = { id: i + 1, callFrame: cf, hitCount: hits[i] };
    if (!leaf) node.children = children[i];
    if (hits[i] > 0 && f) {
      const lines = 1 + Math.floor(r() * 3);
      node.positionTicks = Array.from({ length: lines }, (_, k) => ({ line: f.line + 2 + k * 3, ticks: k === 0 ? hits[i] - lines + 1 : 1 })).filter((t) => t.ticks > 0);
    }
    buf += (i ? ',' : '') + JSON.stringify(node);
    flush();
  }
  buf += '],"startTime":1000000,';
  let samples = 0;
  for (let i = 0; i < target; i++) samples += hits[i];
  const endTime = 1000000 + samples * 1000;
  buf += `"endTime":${endTime},"samples":[`;
  let first = true;
  for (let i = 0; i < target; i++) for (let k = 0; k < hits[i]; k++) { buf += (first ? '' : ',') + (i + 1); first = false; flush(); }
  buf += '],"timeDeltas":[';
  for (let s = 0; s < samples; s++) { buf += (s ? ',' : '') + (s === 0 ? 0 : 990 + Math.floor(r() * 20)); flush(); }
  buf += ']}';
  flush(true);
  closeSync(fd);
  return path;
}

/** A real source map for the synthetic user files: a generated 5000-line file through esbuild. */
function makeMapper(): (url: string, line: number, col: number) => { file: string; line: number; col: number; name?: string } | undefined {
  let src = '';
  for (let i = 0; i < 1000; i++) src += `export function f${i}(a: number): number {\n  const b: number = a * ${i};\n  if (b > 3) { return b - 1; }\n  return b + 1;\n}\n`;
  const out = transformSync(src, { loader: 'ts', sourcemap: 'external', sourcefile: 'orig.ts' });
  const map = new TraceMap(out.map);
  return (url, line, col) => {
    if (!url.startsWith('file:///app/src/')) return undefined;
    const pos = originalPositionFor(map, { line, column: Math.max(0, col - 1), bias: col === 0 ? LEAST_UPPER_BOUND : GREATEST_LOWER_BOUND });
    return pos.line ? { file: url.slice(7).replace(/\.js$/, '.ts'), line: pos.line, col: pos.column + 1, name: pos.name ?? undefined } : undefined;
  };
}

function cpuMs(since: NodeJS.CpuUsage): number { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; }

type ImportPath = 'bytes' | 'json';

async function measure(path: string, how: ImportPath): Promise<void> {
  const mapper = makeMapper();
  const rows: string[] = [];
  const step = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const c = process.cpuUsage(); const t = performance.now();
    const v = await fn();
    rows.push(`${name.padEnd(28)} cpu ${cpuMs(c).toFixed(0).padStart(6)} ms   wall ${(performance.now() - t).toFixed(0).padStart(6)} ms`);
    return v;
  };
  const c0 = process.cpuUsage();
  let profile: Profile;
  if (how === 'bytes') {
    // what readProfileFile does: the file streamed through a 1 MB window into the byte importer;
    // when it declines, the JSON.parse fallback would show in its own step
    const fast = await step('read + import (streamed)', () => streamCpuProfile(path));
    if (!fast) rows.push('  (byte importer declined this file: JSON.parse fallback below)');
    profile = fast ?? await step('fallback: text + JSON import', async () => importProfile(await readProfileText(path)));
  } else {
    let text: string | undefined = await step('read file (text)', () => readProfileText(path));
    let doc: unknown = await step('JSON.parse', () => JSON.parse(text!));
    text = undefined;
    profile = await step('import (validate + tree)', () => importProfile(doc));
    doc = undefined;
  }
  await step('mapFrames (trace-mapping)', () => mapFrames(profile, mapper));
  const table = await step('hotspot table', () => buildHotspots(profile));
  rows.push(`${'read → source-mapped table'.padEnd(28)} cpu ${cpuMs(c0).toFixed(0).padStart(6)} ms`);
  await step('costForRange × 100', () => { for (let i = 0; i < 100; i++) costForRange(table, `/app/src/mod${i}.ts`, 1, 400); });
  const flame = await step('toFlameTree (merge fn)', () => toFlameTree(profile));
  const mapped = profile.frames.filter((f) => f.original).length;
  console.log(`${path} [${how}]: ${(statSync(path).size / 1e6).toFixed(1)} MB, ${profile.tree.size} nodes, ${profile.samples?.length} samples, ${profile.frames.length} frames (${mapped} mapped), ${profile.lineTicks.line.length} line entries, ${table.lines.length} hot lines, flame ${flame.count} nodes`);
  for (const r of rows) console.log('  ' + r);
  console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  const self = process.argv[1];
  if (process.argv[2] === '--measure') {
    await measure(process.argv[3], process.argv[4] as ImportPath);
    return;
  }
  const sizes = process.argv[2] ? [Number(process.argv[2])] : [50, 200];
  const paths: ImportPath[] = process.argv[3] === 'bytes' || process.argv[3] === 'json' ? [process.argv[3]] : ['bytes', 'json'];
  for (const mb of sizes) {
    const c = process.cpuUsage(); const t = performance.now();
    const path = generate(mb);
    console.log(`generated ${path} (${(statSync(path).size / 1e6).toFixed(1)} MB) in ${(performance.now() - t).toFixed(0)} ms wall, ${cpuMs(c).toFixed(0)} ms cpu`);
    // fresh process per size and path so peak RSS belongs to that run only
    for (const how of paths) execFileSync(process.execPath, ['--import', 'tsx', self, '--measure', path, how], { stdio: 'inherit' });
  }
}
void main();
