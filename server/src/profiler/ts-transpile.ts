/**
 * dist/ts-transpile.js: the TS loader's fallback when esbuild cannot be found (the packaged
 * extension ships no node_modules, and the user's project may not have esbuild). TypeScript's
 * `transpileModule`, one file at a time, with an inline source map, so hot lines still map to the
 * .ts source. The preload loads this (and TypeScript) only when it is told to, through
 * TS_TRANSPILE_PATH_ENV, and only when the first TypeScript file is loaded.
 */
import ts from 'typescript';

export type TranspileFormat = 'cjs' | 'esm';

export function transpile(code: string, filename: string, format: TranspileFormat = 'cjs'): string {
  const out = ts.transpileModule(code, {
    fileName: filename,
    reportDiagnostics: false,
    compilerOptions: {
      module: format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: false,
      esModuleInterop: true,
      isolatedModules: true,
      jsx: ts.JsxEmit.React,
      removeComments: false,
    },
  });
  return out.outputText;
}
