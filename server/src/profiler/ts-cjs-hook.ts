/**
 * The CommonJS half of the TS loader (runs in the profiled process, from the preload): compiles
 * .ts/.cts/.tsx through esbuild (or, without esbuild, TypeScript's transpileModule from
 * dist/ts-transpile.js) with an inline source map, maps `./x.js` requests from TS files to
 * `./x.ts` and bare ones through the tsconfig's `paths` (tsconfig-paths.ts), and registers the ESM hooks for `import`ed and ESM-scoped TypeScript. The transformer
 * is loaded on the first TypeScript file, not before.
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { ESM_HOOKS_SOURCE } from './ts-esm-hooks';
import { isTsFile, tsTransformOptions, type TsTransformer } from './ts-transform';
import { isBareSpecifier, pathCandidates, projectTsconfigFor } from './tsconfig-paths';

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

type Transform = (code: string, filename: string) => string;

function loadTransform(transformer: TsTransformer, compilerOptions: Record<string, unknown> | undefined): Transform {
  if ('esbuild' in transformer) {
    const esbuild = createRequire(transformer.esbuild)(transformer.esbuild) as { transformSync(code: string, options: object): { code: string } };
    return (code, filename) => esbuild.transformSync(code, tsTransformOptions(filename, 'cjs', undefined, compilerOptions)).code;
  }
  const { transpile } = createRequire(transformer.transpile)(transformer.transpile) as { transpile(code: string, filename: string, format: 'cjs', options?: Record<string, unknown>): string };
  return (code, filename) => transpile(code, filename, 'cjs', compilerOptions);
}

export function installTsHooks(transformer: TsTransformer): void {
  // one project per run: the tsconfig nearest to the profiled script
  const project = process.argv[1] ? projectTsconfigFor(process.argv[1]) : undefined;
  const paths = project?.paths;
  const compilerOptions = project?.transformOptions;
  let transform: Transform | undefined;
  const internals = Module as unknown as ModuleInternals;
  const compile = (module: CjsModule, filename: string): void => {
    transform ??= loadTransform(transformer, compilerOptions);
    module._compile(transform(readFileSync(filename, 'utf8'), filename), filename);
  };
  for (const ext of ['.ts', '.cts', '.tsx']) internals._extensions[ext] = compile;

  const original = internals._resolveFilename;
  internals._resolveFilename = function (this: unknown, request, parent, ...rest) {
    try {
      return original.call(this, request, parent, ...rest);
    } catch (err) {
      const fromTs = parent?.filename !== undefined && isTsFile(parent.filename);
      if (!fromTs || (err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
      const relative = /^\.\.?\//.test(request);
      const requests = relative ? [request] : paths && isBareSpecifier(request) ? pathCandidates(request, paths) : [];
      for (const candidate of requests) {
        if (candidate !== request) {
          try {
            return original.call(this, candidate, parent, ...rest);
          } catch {
            /* try its .ts twin */
          }
        }
        for (const [from, tos] of SWAPS) {
          if (!candidate.endsWith(from)) continue;
          for (const to of tos) {
            try {
              return original.call(this, candidate.slice(0, -from.length) + to, parent, ...rest);
            } catch {
              /* next candidate */
            }
          }
        }
      }
      throw err;
    }
  };

  const register = (Module as unknown as { register?: (url: string, options: object) => void }).register;
  register?.(`data:text/javascript,${encodeURIComponent(ESM_HOOKS_SOURCE)}`, {
    data: { ...('esbuild' in transformer ? { esbuildPath: transformer.esbuild } : { transpilePath: transformer.transpile }), baseOptions: tsTransformOptions('module.ts', 'esm', undefined, compilerOptions), transformOptions: compilerOptions, paths },
  });
}
