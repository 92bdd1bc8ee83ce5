/**
 * Splits a batch analysis into parts that can run in separate programs (one per worker thread) and
 * still give every file the findings the one-program run gives it.
 *
 * What a rule sees of a file: the file, the types of what it imports (transitively), the globals
 * (lib, automatic @types, global scripts, `declare global`) and, through `getReferencingSourceFiles`,
 * the files that import it. So a part is a union of connected components of the import graph
 * (undirected: importers and imports stay together) plus, shared by every part, the files that
 * declare globals. TypeScript builds each part's program by following imports itself, so a missed
 * import costs a duplicate parse, never a wrong type; the graph here only has to keep importers
 * with what they import, and it over-approximates (import-like text in comments also joins).
 * A tsconfig/jsconfig project stays whole: its program is what the tsconfig says.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { ts } from 'ts-morph';

export interface PartitionInput {
  /** the files to analyse, absolute */
  files: readonly string[];
  /** their texts (missing = unreadable; such a file is a component of its own) */
  texts: ReadonlyMap<string, string>;
  /** for files owned by a tsconfig/jsconfig project: the config path */
  ownerConfig: ReadonlyMap<string, string>;
  compilerOptions: ts.CompilerOptions;
}

export interface Part {
  files: string[];
  configs: string[];
  bytes: number;
}

export interface Partition {
  parts: Part[];
  /** files every part loads (global scripts, global augmentations), analysed by the part that lists them */
  shared: string[];
}

// `from '…'`, `import '…'`, `import('…')`, `require('…')`, `import x = require('…')`, JSDoc `import('…')`
const SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"])([^'"\n]{1,300})\1/g;
// a `require()` call alone does not make a module of a JS file: such a file counts as global
const MODULE_SYNTAX = /^[ \t]*(?:import\s*[\w{*'"]|export\b)|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/m;
const GLOBAL_DECLARATION = /\bdeclare\s+(?:global\b|module\s+['"])/;

/** A file whose top-level declarations (or augmentations) are visible to every other file. */
export function declaresGlobals(text: string): boolean {
  return !MODULE_SYNTAX.test(text) || GLOBAL_DECLARATION.test(text);
}

export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) out.push(m[2]!);
  return out;
}

const PROBE_EXTENSIONS = ['', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '/index.ts', '/index.tsx', '/index.js', '/index.jsx', '/index.mjs'];
const JS_TO_TS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

/** The listed file a relative specifier can resolve to (TypeScript maps `./a.js` to `a.ts` too). */
function resolveRelative(from: string, specifier: string, listed: ReadonlySet<string>): string[] {
  const base = resolve(dirname(from), specifier);
  const out: string[] = [];
  for (const ext of PROBE_EXTENSIONS) if (listed.has(base + ext)) out.push(base + ext);
  const swap = JS_TO_TS[extname(base)];
  if (swap) for (const ext of swap) if (listed.has(base.slice(0, -extname(base).length) + ext)) out.push(base.slice(0, -extname(base).length) + ext);
  return out;
}

export function partitionFiles(input: PartitionInput, partCount: number): Partition {
  const { files, texts } = input;
  const index = new Map(files.map((f, i) => [f, i]));
  const listed = new Set(files);
  const parent = files.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  // a config project is one unit
  const firstOfConfig = new Map<string, number>();
  files.forEach((f, i) => {
    const config = input.ownerConfig.get(f);
    if (config === undefined) return;
    const first = firstOfConfig.get(config);
    if (first === undefined) firstOfConfig.set(config, i);
    else union(first, i);
  });
  const resolutionCache = ts.createModuleResolutionCache(process.cwd(), (x) => x, input.compilerOptions);
  const shared: string[] = [];
  files.forEach((file, i) => {
    const text = texts.get(file);
    if (text === undefined) return;
    // a config project's program has its own globals; only the inferred projects share these
    if (!input.ownerConfig.has(file) && declaresGlobals(text)) shared.push(file);
    for (const specifier of importSpecifiers(text)) {
      if (specifier.startsWith('.')) {
        for (const target of resolveRelative(file, specifier, listed)) union(i, index.get(target)!);
        continue;
      }
      // bare and `#imports` specifiers: as TypeScript resolves them, when they can land outside node_modules
      // (a workspace symlink, a package's own name, subpath imports); asking TypeScript for every one
      // costs ~1 ms each (package.json exports maps)
      if (!mayLeaveNodeModules(specifier, dirname(file))) continue;
      let resolved: string | undefined;
      try {
        resolved = ts.resolveModuleName(specifier, file, input.compilerOptions, ts.sys, resolutionCache).resolvedModule?.resolvedFileName;
      } catch {
        resolved = undefined;
      }
      const j = resolved === undefined ? undefined : index.get(resolve(resolved));
      if (j !== undefined) union(i, j);
    }
  });
  const components = new Map<number, Part>();
  files.forEach((file, i) => {
    const root = find(i);
    let part = components.get(root);
    if (!part) components.set(root, (part = { files: [], configs: [], bytes: 0 }));
    part.files.push(file);
    part.bytes += texts.get(file)?.length ?? 0;
    const config = input.ownerConfig.get(file);
    if (config !== undefined && !part.configs.includes(config)) part.configs.push(config);
  });
  // largest first into the lightest part (LPT): good enough for 2–4 parts
  const parts: Part[] = Array.from({ length: partCount }, () => ({ files: [], configs: [], bytes: 0 }));
  for (const c of [...components.values()].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = parts.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(...c.files);
    lightest.configs.push(...c.configs);
    lightest.bytes += c.bytes;
  }
  for (const p of parts) {
    p.files.sort();
    p.configs.sort();
  }
  return { parts: parts.filter((p) => p.files.length > 0), shared: shared.sort() };
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const NODE_BUILTINS = new Set(builtinModules);
const linkMemo = new Map<string, boolean>();
const ownNameMemo = new Map<string, string | undefined>();

/** Whether a bare specifier may resolve to a file that is not inside node_modules (so maybe to a listed file). */
function mayLeaveNodeModules(specifier: string, fromDir: string): boolean {
  if (specifier.startsWith('#')) return true;
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]!)) return false;
  const pkg = packageNameOf(specifier);
  return nearestPackageName(fromDir) === pkg || linkedPackage(pkg, fromDir);
}

/** The nearest `node_modules/<pkg>` above `dir` is a symlink (a workspace package), or it is found nowhere. */
function linkedPackage(pkg: string, dir: string): boolean {
  const key = `${pkg}\0${dir}`;
  const known = linkMemo.get(key);
  if (known !== undefined) return known;
  const candidate = join(dir, 'node_modules', pkg);
  let result: boolean;
  if (existsSync(candidate)) {
    try {
      result = lstatSync(candidate).isSymbolicLink();
    } catch {
      result = true;
    }
  } else {
    const parent = dirname(dir);
    // not installed anywhere: TypeScript may still map it (paths in a config project are whole units; be safe)
    result = parent === dir ? true : linkedPackage(pkg, parent);
  }
  linkMemo.set(key, result);
  return result;
}

function nearestPackageName(dir: string): string | undefined {
  if (ownNameMemo.has(dir)) return ownNameMemo.get(dir);
  let name: string | undefined;
  const manifest = join(dir, 'package.json');
  if (existsSync(manifest)) {
    try {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
      name = typeof parsed.name === 'string' ? parsed.name : undefined;
    } catch {
      name = undefined;
    }
  } else {
    const parent = dirname(dir);
    name = parent === dir ? undefined : nearestPackageName(parent);
  }
  ownNameMemo.set(dir, name);
  return name;
}
