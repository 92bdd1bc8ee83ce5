/**
 * The CommonJS half of the TS loader (runs in the profiled process, from the preload): compiles
 * .ts/.cts/.tsx through esbuild with an inline source map, maps `./x.js` requests from TS files to
 * `./x.ts`, and registers the ESM hooks for `import`ed and ESM-scoped TypeScript.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { ESM_HOOKS_SOURCE } from './ts-esm-hooks';
import { isTsFile, tsTransformOptions } from './ts-transform';

interface CjsModule {
  _compile(code: string, filename: string): unknown;
}
interface ModuleInternals {
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
}

const SWAPS: [string, string[]][] = [
  ['.js', ['.ts', '.tsx']],
  ['.cjs', ['.cts']],
  ['.mjs', ['.mts']],
  ['.jsx', ['.tsx']],
];

export function installTsHooks(esbuildPath: string): void {
  const esbuild = createRequire(esbuildPath)(esbuildPath) as { transformSync(code: string, options: object): { code: string } };
  const internals = Module as unknown as ModuleInternals;
  const compile = (module: CjsModule, filename: string): void => {
    const out = esbuild.transformSync(readFileSync(filename, 'utf8'), tsTransformOptions(filename, 'cjs'));
    module._compile(out.code, filename);
  };
  for (const ext of ['.ts', '.cts', '.tsx']) internals._extensions[ext] = compile;

  const original = internals._resolveFilename;
  internals._resolveFilename = function (this: unknown, request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (err) {
      const fromTs = parent?.filename !== undefined && isTsFile(parent.filename);
      if (!fromTs || (err as { code?: string }).code !== 'MODULE_NOT_FOUND' || !/^\.\.?\//.test(request)) throw err;
      for (const [from, tos] of SWAPS) {
        if (!request.endsWith(from)) continue;
        for (const to of tos) {
          try {
            return original.call(this, request.slice(0, -from.length) + to, parent, ...rest);
          } catch {
            /* next candidate */
          }
        }
      }
      throw err;
    }
  };

  const register = (Module as unknown as { register?: (url: string, options: object) => void }).register;
  register?.(`data:text/javascript,${encodeURIComponent(ESM_HOOKS_SOURCE)}`, {
    data: { esbuildPath, baseOptions: tsTransformOptions('module.ts', 'esm') },
  });
}
