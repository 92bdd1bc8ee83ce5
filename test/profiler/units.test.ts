/** Fast unit tests: stderr filtering, CLI argument parsing, source maps (inline and external), the TS transform. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync, transformSync } from 'esbuild';
import { StderrFilter } from '../../server/src/profiler/launch';
import { parseProfileArgs } from '../../server/src/cli/profile-args';
import { SourceMapCache, findSourceMappingURL } from '../../server/src/profiler/source-maps';
import { tsTransformOptions, isTsFile } from '../../server/src/profiler/ts-transform';
import { tempDir } from './helpers';

test('StderrFilter drops the inspector chatter, keeps the script output, holds partial lines only when they could be chatter', () => {
  let out = '';
  const f = new StderrFilter((t) => (out += t));
  f.push('Debugger listening on ws://127.0.0.1:1/x\nFor help, see: https://nodejs.org/en/docs/inspector\nreal error\n');
  f.push('Debugger att');
  assert.equal(out, 'real error\n');
  f.push('ached.\nprogress 10%');
  assert.equal(out, 'real error\nprogress 10%');
  f.push('\nWaiting for the debugger to disconnect...\n');
  f.flush();
  assert.equal(out, 'real error\nprogress 10%\n');
});

test('parseProfileArgs: script args after --, heap modes, numbers checked', () => {
  const a = parseProfileArgs(['app.ts', '--interval', '500', '--heap', 'churn', '--timeout', '2.5', '--json', '--', '--port', '3000']);
  assert.ok(!('error' in a));
  assert.equal(a.script, 'app.ts');
  assert.deepEqual(a.scriptArgs, ['--port', '3000']);
  assert.equal(a.intervalUs, 500);
  assert.equal(a.heap, 'churn');
  assert.equal(a.timeoutMs, 2500);
  const b = parseProfileArgs(['--heap', 'app.js']);
  assert.ok(!('error' in b) && b.heap === 'live' && b.script === 'app.js');
  assert.equal((parseProfileArgs(['--npm', 'test']) as { command: string }).command, 'npm run test');
  assert.match((parseProfileArgs(['a.js', '--backend', 'perf']) as { error: string }).error, /--backend must be one of/);
  assert.match((parseProfileArgs(['a.js', '--command', 'npm test']) as { error: string }).error, /either a script or --command/);
});

test('source maps: external .map through sourceMappingURL, inline data: URL, none', () => {
  const dir = tempDir('maps');
  const src = join(dir, 'src');
  mkdirSync(src);
  const original = ['interface A { x: number }', '', 'export function hot(a: A[]): number {', '  let s = 0;', '  for (const v of a) s += v.x * 2;', '  return s;', '}', ''].join('\n');
  writeFileSync(join(src, 'lib.ts'), original);
  // the project's own compiled output with an external .map
  buildSync({ entryPoints: [join(src, 'lib.ts')], outfile: join(dir, 'out', 'lib.js'), sourcemap: 'linked', format: 'cjs', platform: 'node', logLevel: 'silent' });
  const cache = new SourceMapCache();
  const url = pathToFileURL(join(dir, 'out', 'lib.js')).href;
  const compiled = require('node:fs').readFileSync(join(dir, 'out', 'lib.js'), 'utf8') as string;
  assert.equal(findSourceMappingURL(compiled), 'lib.js.map');
  const genLine = compiled.split('\n').findIndex((l) => l.includes('s += v.x * 2')) + 1;
  assert.ok(genLine > 0);
  const mapped = cache.mapper(url, genLine, 0);
  assert.equal(mapped?.file, join(src, 'lib.ts'));
  assert.equal(mapped?.line, 5);
  const fnLine = compiled.split('\n').findIndex((l) => l.includes('function hot(')) + 1;
  const fnCol = compiled.split('\n')[fnLine - 1]!.indexOf('function hot(') + 1;
  assert.equal(cache.mapper(url, fnLine, fnCol)?.line, 3);

  // an in-memory transform: the map arrives as Debugger.scriptParsed's data: URL
  const file = join(src, 'lib.ts');
  const code = transformSync(original, tsTransformOptions(file, 'cjs')).code;
  const mapUrl = findSourceMappingURL(code)!;
  assert.ok(mapUrl.startsWith('data:application/json;base64,'));
  const inline = new SourceMapCache([{ scriptId: '7', url: pathToFileURL(file).href, sourceMapURL: mapUrl }]);
  const line = code.split('\n').findIndex((l) => l.includes('s += v.x * 2')) + 1;
  assert.equal(inline.mapper(pathToFileURL(file).href, line, 0)?.line, 5);

  // no map: nothing (the generated position stands)
  writeFileSync(join(dir, 'plain.js'), 'module.exports = 1;\n');
  assert.equal(cache.mapper(pathToFileURL(join(dir, 'plain.js')).href, 1, 0), undefined);
  assert.equal(cache.mapper('node:internal/x', 1, 0), undefined);
});

test('source maps: a package that names a missing .map is quiet; the user\'s own missing .map is a warning', () => {
  const dir = tempDir('missing-maps');
  mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
  const pkg = join(dir, 'node_modules', 'pkg', 'index.js');
  const own = join(dir, 'own.js');
  for (const f of [pkg, own]) writeFileSync(f, 'module.exports = 1;\n//# sourceMappingURL=index.js.map\n');
  const cache = new SourceMapCache();
  assert.equal(cache.mapper(pathToFileURL(pkg).href, 1, 0), undefined);
  assert.deepEqual(cache.problems, []);
  assert.equal(cache.mapper(pathToFileURL(own).href, 1, 0), undefined);
  assert.equal(cache.problems.length, 1);
  assert.match(cache.problems[0]!, /own\.js: source map not loaded \(ENOENT/);
});

test('the TS transform keeps one generated line per statement (unlike a minified one-line output)', () => {
  const src = ['type T = { a: number };', 'const xs: T[] = [];', 'for (let i = 0; i < 10; i++) {', '  xs.push({ a: i });', '}', 'console.log(xs.length);', ''].join('\n');
  const code = transformSync(src, tsTransformOptions('/x/a.ts', 'esm')).code;
  assert.ok(code.split('\n').length >= 5, code);
  assert.ok(isTsFile('a.mts') && isTsFile('b.tsx') && !isTsFile('c.d.ts') && !isTsFile('d.js'));
});

test('a runtime that cannot start is a PL3003 error, not a crash or a hang', async () => {
  const { captureProfile } = await import('../../server/src/profiler/capture');
  const { PerfLensError } = await import('../../server/src/engine/errors');
  await assert.rejects(captureProfile({ runtime: '/nonexistent/node', script: 'x.js' }), (err: unknown) => err instanceof PerfLensError && err.code === 'PL3003' && /could not start/.test(err.message));
  // a runtime that exits before opening the inspector (bad flag)
  await assert.rejects(captureProfile({ runtimeArgs: ['--no-such-flag'], script: 'x.js' }), (err: unknown) => err instanceof PerfLensError && /before the inspector started/.test(err.message));
});
