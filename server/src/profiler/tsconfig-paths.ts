/**
 * What the TS loader takes from the project's tsconfig: `paths` (and `baseUrl`), as tsx and ts-node
 * with tsconfig-paths honour them (`import { x } from '@lib/work'` in a project whose tsconfig maps
 * `@lib/*` to `src/lib/*` runs without a build step), and the options that change a file's transform
 * (TRANSFORM_OPTION_KEYS). Read once per run, from the tsconfig.json nearest to the profiled script
 * (following `extends`), into plain data the ESM hooks thread receives too (ts-esm-hooks.ts holds the
 * same matcher; test/profiler/tsconfig-paths.test.ts runs both on one table).
 *
 * Runs inside the profiled process (the preload): no TypeScript, no dependencies, never throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface PathRule {
  /** the pattern before its `*` (the whole pattern when it has none) */
  prefix: string;
  /** the pattern after its `*`; null when the pattern has no `*` (exact match) */
  suffix: string | null;
  /** absolute target patterns, `*` kept */
  targets: string[];
}

export interface PathsConfig {
  /** the tsconfig the rules came from (for messages) */
  tsconfig: string;
  rules: PathRule[];
  /** absolute baseUrl: bare imports are also tried under it, as TypeScript resolves them */
  baseUrl?: string;
}

/**
 * The compilerOptions that change what a single-file transform emits (esbuild reads them from
 * `tsconfigRaw`; the TypeScript fallback takes them as they are). Legacy decorators are the one that
 * matters most: with `experimentalDecorators` (NestJS, TypeORM, Angular) a transform without it emits
 * standard decorators, which call the user's decorators with other arguments.
 */
export const TRANSFORM_OPTION_KEYS = [
  'experimentalDecorators', 'useDefineForClassFields', 'target', 'jsx', 'jsxFactory', 'jsxFragmentFactory',
  'jsxImportSource', 'verbatimModuleSyntax', 'preserveValueImports', 'importsNotUsedAsValues', 'alwaysStrict',
] as const;

export interface ProjectTsconfig {
  tsconfig: string;
  paths?: PathsConfig;
  /** the TRANSFORM_OPTION_KEYS the tsconfig (or what it extends) sets */
  transformOptions: Record<string, unknown>;
}

/** What the TS loader needs from the tsconfig.json nearest to the profiled script (undefined: none, or unreadable). */
export function projectTsconfigFor(script: string): ProjectTsconfig | undefined {
  try {
    const tsconfig = nearestTsconfig(dirname(resolve(script)));
    if (!tsconfig) return undefined;
    const options = readOptions(tsconfig, new Set());
    const transformOptions: Record<string, unknown> = {};
    for (const key of TRANSFORM_OPTION_KEYS) if (options.raw[key] !== undefined) transformOptions[key] = options.raw[key];
    const paths = pathsFrom(tsconfig, options);
    return { tsconfig, ...(paths ? { paths } : {}), transformOptions };
  } catch {
    return undefined;
  }
}

interface ReadOptions {
  /** compilerOptions as written, the nearest file's value winning */
  raw: Record<string, unknown>;
  baseUrl?: string;
  paths?: Record<string, unknown>;
  pathsDir?: string;
}

function pathsFrom(tsconfig: string, { baseUrl, paths, pathsDir }: ReadOptions): PathsConfig | undefined {
  const base = baseUrl ?? pathsDir;
  const rules: PathRule[] = [];
  if (paths && base) {
    for (const [pattern, targets] of Object.entries(paths)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      rules.push({
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? null : pattern.slice(star + 1),
        targets: targets.filter((t): t is string => typeof t === 'string').map((t) => resolve(base, t)),
      });
    }
  }
  // TypeScript's order: an exact pattern first, then the longest prefix
  rules.sort((a, b) => (a.suffix === null ? 0 : 1) - (b.suffix === null ? 0 : 1) || b.prefix.length - a.prefix.length);
  if (!rules.length && !baseUrl) return undefined;
  return { tsconfig, rules, ...(baseUrl ? { baseUrl } : {}) };
}

/** Absolute paths (without extension resolution) a bare specifier may mean, in the order to try them. */
export function pathCandidates(specifier: string, config: PathsConfig): string[] {
  const out: string[] = [];
  for (const rule of config.rules) {
    if (rule.suffix === null) {
      if (specifier === rule.prefix) out.push(...rule.targets);
      continue;
    }
    if (specifier.length < rule.prefix.length + rule.suffix.length || !specifier.startsWith(rule.prefix) || !specifier.endsWith(rule.suffix)) continue;
    const star = specifier.slice(rule.prefix.length, specifier.length - rule.suffix.length);
    out.push(...rule.targets.map((t) => t.replace('*', star)));
  }
  if (config.baseUrl) out.push(join(config.baseUrl, specifier));
  return out;
}

/** Whether a specifier is a bare module name the paths may map (not relative, absolute, a URL or a builtin). */
export function isBareSpecifier(specifier: string): boolean {
  return !/^(\.{1,2}(\/|$)|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier) && !isAbsolute(specifier);
}

function nearestTsconfig(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

/** compilerOptions of a tsconfig with `extends` followed; baseUrl and paths resolved against the file that set them. */
function readOptions(file: string, seen: Set<string>): ReadOptions {
  if (seen.has(file) || seen.size > 16) return { raw: {} };
  seen.add(file);
  const json = parseJsonc(readFileSync(file, 'utf8')) as { extends?: unknown; compilerOptions?: Record<string, unknown> } | undefined;
  let inherited: ReadOptions = { raw: {} };
  const parents = typeof json?.extends === 'string' ? [json.extends] : Array.isArray(json?.extends) ? json.extends : [];
  for (const parent of parents) {
    const parentFile = typeof parent === 'string' ? resolveExtends(parent, dirname(file)) : undefined;
    if (!parentFile) continue;
    const p = readOptions(parentFile, seen);
    inherited = { ...inherited, ...definedOnly(p), raw: { ...inherited.raw, ...p.raw } };
  }
  const own = json?.compilerOptions && typeof json.compilerOptions === 'object' ? json.compilerOptions : {};
  return {
    ...inherited,
    raw: { ...inherited.raw, ...own },
    ...(typeof own.baseUrl === 'string' ? { baseUrl: resolve(dirname(file), own.baseUrl) } : {}),
    ...(own.paths && typeof own.paths === 'object' ? { paths: own.paths as Record<string, unknown>, pathsDir: dirname(file) } : {}),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function resolveExtends(spec: string, fromDir: string): string | undefined {
  if (spec.startsWith('.') || isAbsolute(spec)) {
    const p = resolve(fromDir, spec);
    for (const c of [p, `${p}.json`, join(p, 'tsconfig.json')]) if (existsSync(c) && !c.endsWith('/')) return c;
    return undefined;
  }
  const req = createRequire(join(fromDir, 'tsconfig.json'));
  for (const c of [spec, `${spec}.json`, `${spec}/tsconfig.json`]) {
    try {
      return req.resolve(c);
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** JSON with comments and trailing commas, as tsconfig files are written. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}
