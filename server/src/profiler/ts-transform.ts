/**
 * How the TS loader turns a .ts file into JavaScript: esbuild, one file at a time, no minify, inline
 * source map. Unlike tsx (which minifies whitespace, putting the whole module on one line so every
 * `positionTicks` sample lands on "line 2"), each generated line maps back to one source line.
 * The same options are used by the preload's hooks and when a map must be recomputed.
 */
import { extname } from 'node:path';

export const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'] as const;

export function isTsFile(path: string): boolean {
  return (TS_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase()) && !/\.d\.[mc]?ts$/i.test(path);
}

export type TsOutputFormat = 'cjs' | 'esm';

export interface EsbuildTransformOptions {
  loader: 'ts' | 'tsx';
  format: TsOutputFormat;
  sourcemap: 'inline';
  sourcefile: string;
  sourcesContent: boolean;
  keepNames: boolean;
  minify: false;
  target: string;
  /** node: CommonJS output then ends with esbuild's export-name annotation, which node reads for an ESM importer's named imports */
  platform: 'node';
  /** the project's TRANSFORM_OPTION_KEYS (tsconfig-paths.ts), e.g. experimentalDecorators */
  tsconfigRaw?: { compilerOptions: Record<string, unknown> };
}

export function tsTransformOptions(filename: string, format: TsOutputFormat, nodeMajor = process.versions.node.split('.')[0], compilerOptions?: Record<string, unknown>): EsbuildTransformOptions {
  return {
    ...(compilerOptions && Object.keys(compilerOptions).length ? { tsconfigRaw: { compilerOptions } } : {}),
    loader: filename.toLowerCase().endsWith('.tsx') ? 'tsx' : 'ts',
    format,
    sourcemap: 'inline',
    sourcefile: filename,
    // The original is on disk; keeping it out of the map keeps scriptParsed events small.
    sourcesContent: false,
    keepNames: true,
    minify: false,
    target: `node${nodeMajor}`,
    platform: 'node',
  };
}

/** Environment variable that tells the preload where esbuild is (it is not bundled into the preload). */
export const ESBUILD_PATH_ENV = 'PERFLENS_ESBUILD';

/** Environment variable with the path of dist/ts-transpile.js: the loader's fallback when esbuild is missing. */
export const TS_TRANSPILE_PATH_ENV = 'PERFLENS_TS_TRANSPILE';

/** Set to `typescript` (in the profiled script's env) to use the TypeScript fallback even when esbuild is there. */
export const TS_TRANSPILER_ENV = 'PERFLENS_TS_TRANSPILER';

/** Where the loader gets its transform: esbuild's module path, or dist/ts-transpile.js. */
export type TsTransformer = { esbuild: string } | { transpile: string };

/** Finds esbuild: PerfLens's own first (known options), then the user's project. */
export function resolveEsbuild(fromDir: string): string | undefined {
  for (const base of [__dirname, fromDir]) {
    try {
      return require.resolve('esbuild', { paths: [base] });
    } catch {
      /* next */
    }
  }
  return undefined;
}
