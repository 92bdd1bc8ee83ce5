/**
 * The user files a script will load, found statically before it runs: its relative
 * `import`/`export from`/`require()`/`import()` specifiers, followed file to file, inside the
 * project root and outside node_modules. Used to start the static analysis while the script runs;
 * whatever this misses (path aliases, computed requires) is analysed after the run if it was sampled.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { ts } from 'ts-morph';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** what a `.js` specifier may really be in a TS project (the loader's swaps) */
const SWAPS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface ImportGraphOptions {
  /** files outside this directory are not followed */
  root: string;
  /** stop after this many files (a huge project is analysed from what was sampled instead) */
  maxFiles?: number;
}

/** The entry and the project files reachable from it through relative specifiers, entry first. */
export function staticImportGraph(entry: string, options: ImportGraphOptions): string[] {
  const root = resolve(options.root);
  const max = options.maxFiles ?? 400;
  const seen = new Set<string>([resolve(entry)]);
  const queue = [resolve(entry)];
  for (let i = 0; i < queue.length && seen.size < max; i++) {
    const file = queue[i]!;
    for (const spec of specifiersOf(file)) {
      const target = resolveRelative(spec, file);
      if (!target || seen.has(target) || !insideProject(target, root)) continue;
      seen.add(target);
      queue.push(target);
      if (seen.size >= max) break;
    }
  }
  return [...seen];
}

function specifiersOf(file: string): string[] {
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return [];
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
  } catch {
    return [];
  }
}

function resolveRelative(spec: string, from: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const ext = extname(base).toLowerCase();
  const candidates = [base];
  for (const swap of SWAPS[ext] ?? []) candidates.push(base.slice(0, -ext.length) + swap);
  if (!SOURCE_EXTENSIONS.includes(ext)) {
    for (const e of SOURCE_EXTENSIONS) candidates.push(base + e);
    for (const e of SOURCE_EXTENSIONS) candidates.push(join(base, `index${e}`));
  }
  return candidates.find(isSourceFile);
}

function isSourceFile(path: string): boolean {
  if (!SOURCE_EXTENSIONS.includes(extname(path).toLowerCase()) || /\.d\.[mc]?ts$/i.test(path)) return false;
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

function insideProject(file: string, root: string): boolean {
  const rel = relative(root, file);
  return !!rel && !rel.startsWith('..') && !isAbsolute(rel) && !/(^|[\\/])node_modules([\\/]|$)/.test(rel);
}
