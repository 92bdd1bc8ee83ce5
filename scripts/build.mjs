// Bundles the extension client, the language server, the CLI and the webview into dist/.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
// --outdir DIR: build elsewhere (packaging stages a copy so it never rewrites dist/ under running tests)
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';
mkdirSync(outdir, { recursive: true });

const pkg = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8'));
const common = {
  define: { __PERFLENS_VERSION__: JSON.stringify(pkg.version) },
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// ts-morph (with TypeScript, ~14 MB) in its own file, dist/ts-morph.js, required at run time by
// the bundles that use this plugin: `perflens profile` then starts its script without parsing the
// compiler first (~0.4 s CPU), and only the analysis (a worker thread) loads it.
const tsMorphSidecar = {
  name: 'ts-morph-sidecar',
  setup(b) {
    b.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './ts-morph.js', external: true }));
  },
};

// ts-morph parses every file with JSDoc parsing on (TypeScript's `ParseAll`); it has no option for
// it. `tsc` parses with `ParseForTypeErrors`: JSDoc only where it carries types (JS files), not in
// .ts/.d.ts files, whose JSDoc no rule reads — lib.dom.d.ts and documented sources such as rxjs are
// mostly JSDoc. This patches the one place ts-morph creates source files; if ts-morph changes it,
// the build fails here instead of silently parsing slower.
const JSDOC_FROM = 'return ts__namespace.createLanguageServiceSourceFile(filePath, scriptSnapshot, optionsOrScriptTarget ?? ts__namespace.ScriptTarget.Latest, version, setParentNodes, scriptKind);';
const JSDOC_TO = 'return ts__namespace.createLanguageServiceSourceFile(filePath, scriptSnapshot, { languageVersion: optionsOrScriptTarget ?? ts__namespace.ScriptTarget.Latest, jsDocParsingMode: ts__namespace.JSDocParsingMode.ParseForTypeErrors }, version, setParentNodes, scriptKind);';
const jsDocForTypeErrors = {
  name: 'ts-morph-jsdoc-for-type-errors',
  setup(b) {
    b.onLoad({ filter: /[\\/]@ts-morph[\\/]common[\\/]dist[\\/]ts-morph-common\.js$/ }, async (args) => {
      const code = (await import('node:fs')).readFileSync(args.path, 'utf8');
      if (!code.includes(JSDOC_FROM)) throw new Error(`${args.path}: createCompilerSourceFile changed; update the JSDoc parsing patch in scripts/build.mjs`);
      return { contents: code.replace(JSDOC_FROM, JSDOC_TO), loader: 'js' };
    });
  },
};

// dist/cli.js is the dispatcher only; each command is its own bundle, required when it runs. A
// command's start then parses its own code, not every command's (the language server and the rules
// are most of the CLI): `perflens profile` reaches its script sooner.
const CLI_COMMANDS = { analyze: 'cli-analyze.js', profile: 'cli-profile.js', report: 'cli-report.js', 'lsp-command': 'cli-lsp.js' };
const cliCommandBundles = {
  name: 'cli-command-bundles',
  setup(b) {
    b.onResolve({ filter: /^\.\/(analyze|profile|report|lsp-command)$/ }, (args) =>
      /[\\/]cli[\\/]main\.ts$/.test(args.importer) ? { path: `./${CLI_COMMANDS[args.path.slice(2)]}`, external: true } : undefined,
    );
  },
};
// The profile's in-thread analysis (no worker available) stays out of cli-profile.js: it is the
// engine and every rule, and a bundled run uses the worker.
const profileFindingsBundle = {
  name: 'profile-findings-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\/findings$/ }, (args) => (/[\\/]profiler[\\/]background-analysis\.ts$/.test(args.importer) ? { path: './profile-findings.js', external: true } : undefined));
  },
};

// A dynamic import() of one of our own CommonJS bundles goes through node's ESM loader, which first
// lexes the whole bundle for its export names (measured: ~35 ms of `perflens profile`'s 0.2 s
// start). These targets only import our bundles, so esbuild turns import() into require().
const OWN_BUNDLES_BY_REQUIRE = { 'dynamic-import': false };

const nodeTargets = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [cliCommandBundles], supported: OWN_BUNDLES_BY_REQUIRE },
  { entryPoints: ['server/src/cli/analyze.ts'], outfile: 'dist/cli-analyze.js', plugins: [tsMorphSidecar] },
  { entryPoints: ['server/src/cli/profile.ts'], outfile: 'dist/cli-profile.js', plugins: [tsMorphSidecar, profileFindingsBundle], supported: OWN_BUNDLES_BY_REQUIRE },
  { entryPoints: ['server/src/cli/report.ts'], outfile: 'dist/cli-report.js', plugins: [tsMorphSidecar] },
  { entryPoints: ['server/src/cli/lsp-command.ts'], outfile: 'dist/cli-lsp.js', plugins: [tsMorphSidecar] },
  { entryPoints: ['server/src/profiler/findings.ts'], outfile: 'dist/profile-findings.js', plugins: [tsMorphSidecar] },
  { entryPoints: ['server/src/profiler/preload.ts'], outfile: 'dist/preload.js' },
  // the profiler's static analysis, run in a worker while the profiled script runs
  { entryPoints: ['server/src/profiler/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', plugins: [tsMorphSidecar] },
  // a worker of a parallel `perflens analyze` (server/src/engine/analyze-parallel.ts)
  { entryPoints: ['server/src/cli/analyze-worker.ts'], outfile: 'dist/analyze-worker.js', plugins: [tsMorphSidecar] },
  // the TS loader's fallback transformer when esbuild is missing (the .vsix has no node_modules)
  { entryPoints: ['server/src/profiler/ts-transpile.ts'], outfile: 'dist/ts-transpile.js' },
  { entryPoints: ['scripts/ts-morph-entry.cjs'], outfile: 'dist/ts-morph.js' },
];

const existing = (await import('node:fs')).existsSync;
const jobs = [];
const out = (file) => file.replace(/^dist\//, `${outdir}/`);
for (const t of nodeTargets) {
  if (!existing(t.entryPoints[0])) continue;
  jobs.push(build({ ...common, ...t, plugins: [...(t.plugins ?? []), jsDocForTypeErrors], outfile: out(t.outfile), platform: 'node', format: 'cjs', target: 'node20' }));
}
if (existing('webview/src/main.ts')) {
  jobs.push(build({ ...common, entryPoints: ['webview/src/main.ts'], outfile: out('dist/webview.js'), platform: 'browser', format: 'iife', target: 'es2022' }));
}
await Promise.all(jobs);
if (watch) console.log('watch mode is not implemented; re-run npm run build');
