/**
 * The ESM half of the TS loader, as module source registered with `module.register` through a
 * data: URL (the hooks run in node's loader thread, which cannot import our TypeScript). It
 * transforms .ts/.mts/.tsx for ESM importers (esbuild, or the TypeScript fallback), to CommonJS for
 * CommonJS-scoped .ts, and resolves `./x.js` to x.ts and bare names through the tsconfig's `paths`.
 */
export const ESM_HOOKS_SOURCE = String.raw`
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

let settings;
let transform;
const typeCache = new Map();

export function initialize(data) {
  settings = data;
}

// Loaded on the first TypeScript module: esbuild, or TypeScript through dist/ts-transpile.js.
function loadTransform(format = 'esm') {
  if (settings.esbuildPath) {
    const { transformSync } = createRequire(settings.esbuildPath)(settings.esbuildPath);
    const base = settings.baseOptions;
    return (code, file) => transformSync(code, { ...base, loader: file.toLowerCase().endsWith('.tsx') ? 'tsx' : 'ts', format, sourcefile: file }).code;
  }
  const { transpile } = createRequire(settings.transpilePath)(settings.transpilePath);
  return (code, file) => transpile(code, file, format, settings.transformOptions);
}
let transformCjs;

const TS = /\.(ts|mts|cts|tsx)$/i;

function packageType(dir) {
  const seen = [];
  let type = 'commonjs';
  for (let d = dir; ; d = dirname(d)) {
    if (typeCache.has(d)) { type = typeCache.get(d); break; }
    seen.push(d);
    try {
      type = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).type === 'module' ? 'module' : 'commonjs';
      break;
    } catch {}
    if (dirname(d) === d) break;
  }
  for (const d of seen) typeCache.set(d, type);
  return type;
}

const SWAPS = [['.js', ['.ts', '.tsx']], ['.mjs', ['.mts']], ['.cjs', ['.cts']], ['.jsx', ['.tsx']]];

// The same matcher as pathCandidates in tsconfig-paths.ts (this source cannot import it).
export function pathCandidates(specifier, config) {
  const out = [];
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

// what node throws for a specifier it cannot find (a '#' name not in package.json imports may be a tsconfig path)
const RESOLVE_MISSES = ['ERR_MODULE_NOT_FOUND', 'ERR_UNSUPPORTED_DIR_IMPORT', 'ERR_PACKAGE_IMPORT_NOT_DEFINED'];

function tsTwins(specifier) {
  const out = [];
  for (const [from, tos] of SWAPS) if (specifier.endsWith(from)) for (const to of tos) out.push(specifier.slice(0, -from.length) + to);
  if (!/\.[a-z]+$/i.test(specifier)) out.push(specifier + '.ts', specifier + '.tsx', specifier + '/index.ts');
  return out;
}

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:') || specifier.startsWith('/');
    const fromTs = context.parentURL && TS.test(context.parentURL);
    if (!fromTs || (err && !RESOLVE_MISSES.includes(err.code))) throw err;
    const bare = !relative && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier) && settings && settings.paths;
    if (!relative && !bare) throw err;
    const candidates = relative
      ? tsTwins(specifier)
      : pathCandidates(specifier, settings.paths).flatMap((p) => { const url = pathToFileURL(p).href; return [url, ...tsTwins(url)]; });
    for (const c of candidates) {
      try { return await next(c, context); } catch {}
    }
    throw err;
  }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !TS.test(url.split('?')[0])) return next(url, context);
  const file = fileURLToPath(url);
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  const format = ext === '.mts' ? 'module' : ext === '.cts' ? 'commonjs' : packageType(dirname(file));
  // CommonJS scope, imported from ESM: node takes the named exports an importer may use from the
  // source it is given (esbuild's CommonJS output ends with an annotation of them); without a source
  // it would read the .ts from disk and find none.
  if (format === 'commonjs') {
    transformCjs ??= loadTransform('cjs');
    return { format: 'commonjs', source: transformCjs(readFileSync(file, 'utf8'), file), shortCircuit: true };
  }
  const source = readFileSync(file, 'utf8');
  transform ??= loadTransform();
  return { format: 'module', source: transform(source, file), shortCircuit: true };
}
// A short name in stack traces instead of this whole source as a data: URL.
//# sourceURL=perflens-ts-esm-hooks.mjs
`;
