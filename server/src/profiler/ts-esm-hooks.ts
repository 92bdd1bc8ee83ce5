/**
 * The ESM half of the TS loader, as module source registered with `module.register` through a
 * data: URL (the hooks run in node's loader thread, which cannot import our TypeScript). It
 * transforms .ts/.mts/.tsx for ESM importers (esbuild, or the TypeScript fallback) and hands
 * CommonJS-scoped .ts back to the CJS hook.
 */
export const ESM_HOOKS_SOURCE = String.raw`
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

let settings;
let transform;
const typeCache = new Map();

export function initialize(data) {
  settings = data;
}

// Loaded on the first TypeScript module: esbuild, or TypeScript through dist/ts-transpile.js.
function loadTransform() {
  if (settings.esbuildPath) {
    const { transformSync } = createRequire(settings.esbuildPath)(settings.esbuildPath);
    const base = settings.baseOptions;
    return (code, file) => transformSync(code, { ...base, loader: file.toLowerCase().endsWith('.tsx') ? 'tsx' : 'ts', format: 'esm', sourcefile: file }).code;
  }
  const { transpile } = createRequire(settings.transpilePath)(settings.transpilePath);
  return (code, file) => transpile(code, file, 'esm');
}

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

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('file:') || specifier.startsWith('/');
    const fromTs = context.parentURL && TS.test(context.parentURL);
    if (!relative || !fromTs || (err && err.code !== 'ERR_MODULE_NOT_FOUND' && err.code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw err;
    const candidates = [];
    for (const [from, tos] of SWAPS) if (specifier.endsWith(from)) for (const to of tos) candidates.push(specifier.slice(0, -from.length) + to);
    if (!/\.[a-z]+$/i.test(specifier)) candidates.push(specifier + '.ts', specifier + '.tsx', specifier + '/index.ts');
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
  // CommonJS scope: let the CJS loader (and the preload's require hook) compile it.
  if (format === 'commonjs') return { format: 'commonjs', shortCircuit: true };
  const source = readFileSync(file, 'utf8');
  transform ??= loadTransform();
  return { format: 'module', source: transform(source, file), shortCircuit: true };
}
`;
