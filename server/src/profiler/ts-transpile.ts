/**
 * dist/ts-transpile.js: the TS loader's fallback when esbuild cannot be found (the packaged
 * extension ships no node_modules, and the user's project may not have esbuild). TypeScript's
 * `transpileModule`, one file at a time, with an inline source map, so hot lines still map to the
 * .ts source. The preload loads this (and TypeScript) only when it is told to, through
 * TS_TRANSPILE_PATH_ENV, and only when the first TypeScript file is loaded.
 */
import { dirname } from 'node:path';
import ts from 'typescript';

export type TranspileFormat = 'cjs' | 'esm';

/**
 * `projectOptions`: the project's tsconfig options that change a file's transform (tsconfig-paths.ts
 * TRANSFORM_OPTION_KEYS, as written in tsconfig.json); `target` and the module/map settings stay ours.
 */
export function transpile(code: string, filename: string, format: TranspileFormat = 'cjs', projectOptions?: Record<string, unknown>): string {
  const { target: _target, ...rest } = projectOptions ?? {};
  const project = Object.keys(rest).length ? ts.convertCompilerOptionsFromJson(rest, dirname(filename)).options : {};
  const out = ts.transpileModule(code, {
    fileName: filename,
    reportDiagnostics: false,
    compilerOptions: {
      jsx: ts.JsxEmit.React,
      esModuleInterop: true,
      ...project,
      module: format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: false,
      isolatedModules: true,
      removeComments: false,
    },
  });
  return out.outputText;
}
