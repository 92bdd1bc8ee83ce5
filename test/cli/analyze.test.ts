/** `perflens analyze` as a real process: exit codes, usage errors, bad input, colour, config. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, symlinkSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDir, perflens } from './helpers';

const CLEAN = { 'src/math.js': 'export function add(a, b) {\n  return a + b;\n}\n' };

test('--help prints the options and exits 0', () => {
  const r = perflens(['analyze', '--help'], process.cwd());
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: perflens analyze/);
  assert.match(r.stdout, /--fail-on/);
});

test('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
  const dir = fixtureDir({ ...CLEAN, 'bad.json': '{ nope', 'unknown-rule.json': '{"rules":{"no-such-rule":"off"}}' });
  const cases: [string[], RegExp][] = [
    [['analyze', '--format', 'xml'], /--format must be text, json or sarif/],
    [['analyze', '--fail-on', 'sometimes'], /--fail-on must be error, warning, note or none/],
    [['analyze', '--bogus'], /Unknown option '--bogus'/],
    [['analyze', 'does/not/exist'], /no such file or directory: does\/not\/exist/],
    [['analyze', '--config', 'missing.json'], /cannot read --config missing\.json/],
    [['analyze', '--config', 'bad.json'], /PL1007 .*not valid JSON/],
    [['analyze', '--fix', '--fix-dry-run'], /cannot be combined/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ];
  for (const [args, message] of cases) {
    const r = perflens(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
  // an unknown rule id in an explicit config is a warning, not a usage error
  const warned = perflens(['analyze', '--config', 'unknown-rule.json'], dir);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /PL1008 .*unknown rule "no-such-rule"/);
});

test('a clean directory exits 0 with a summary line', () => {
  const dir = fixtureDir(CLEAN);
  const r = perflens(['analyze'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '✔ no findings (1 file analysed)\n');
  assert.equal(perflens(['analyze', '--quiet'], dir).stdout, '');
});

test('an empty directory says so and exits 0', () => {
  const dir = fixtureDir({ 'README.md': '# nothing here\n' });
  const r = perflens(['analyze'], dir);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /no JavaScript\/TypeScript files found/);
});

test('bad input: each bad file gets a PL-coded message, the rest is analysed, exit is not 2', () => {
  let minified = '';
  for (let i = 0; minified.length < 300_000; i++) minified += `var w${i}=function(){return ${i}};`;
  let huge = '';
  for (let i = 0; huge.length < 5 * 1024 * 1024; i++) huge += `var v${i}=function(){return ${i}};`;
  const dir = fixtureDir({
    'good.js': 'export function ok(a) {\n  return a + 1;\n}\n',
    'syntax.js': 'let x = ;\nfunction f( {\n',
    'binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02, 0x00]),
    'vendor-bundle.js': minified,
    'huge.js': huge,
    'proj/tsconfig.json': '{ "compilerOptions": { \n',
    'proj/y.ts': 'export const y: number = 1;\n',
    'locked.js': 'export const secret = 1;\n',
  });
  // Root reads any file whatever its mode, so as root the unreadable file is a path that fails on read.
  const args = ['analyze', '.', '--format', 'json'];
  if (process.getuid?.() === 0) {
    rmSync(join(dir, 'locked.js'));
    symlinkSync('/proc/self/mem', join(dir, 'locked.js'));
    args.push('locked.js');
  } else {
    chmodSync(join(dir, 'locked.js'), 0o000);
  }
  const r = perflens(args, dir);
  assert.notEqual(r.code, 2, r.stderr);
  const expected: [string, string, RegExp][] = [
    ['PL1009', 'syntax.js', /syntax errors.*line 1:9/],
    ['PL1002', 'binary.js', /binary/],
    ['PL1003', 'vendor-bundle.js', /minified/],
    ['PL1003', 'huge.js', /5\.0 MB is over the limit/],
    ['PL1006', 'proj/tsconfig.json', /tsconfig\/jsconfig could not be read/],
    ['PL1001', 'locked.js', /could not be read/],
  ];
  for (const [code, file, message] of expected) {
    const line = r.stderr.split('\n').find((l) => l.startsWith(`perflens: ${file}: ${code} `));
    assert.ok(line, `stderr has a ${code} line for ${file}:\n${r.stderr}`);
    assert.match(line, message);
  }
  const report = JSON.parse(r.stdout);
  assert.equal(report.summary.files, 7, "every source file is listed, bad ones included");
  assert.equal(report.summary.analysed, 3, 'good.js, syntax.js (as far as it parses) and proj/y.ts');
  assert.deepEqual(
    report.problems.map((p: { code: string; file: string }) => `${p.code} ${p.file}`).sort(),
    expected.map(([code, file]) => `${code} ${file}`).sort(),
  );
});

test('colour: on with FORCE_COLOR, off with NO_COLOR, --no-color or when not a TTY', () => {
  const dir = fixtureDir(CLEAN);
  const esc = '\u001b[';
  assert.ok(perflens(['analyze'], dir, { FORCE_COLOR: '1' }).stdout.includes(esc));
  assert.ok(!perflens(['analyze'], dir).stdout.includes(esc), 'a pipe is not a TTY');
  assert.ok(!perflens(['analyze'], dir, { NO_COLOR: '1' }).stdout.includes(esc));
  assert.ok(!perflens(['analyze', '--no-color'], dir, { FORCE_COLOR: '1' }).stdout.includes(esc));
  assert.ok(!perflens(['analyze', '--output', 'r.txt'], dir, { FORCE_COLOR: '1' }).stdout.includes(esc));
  assert.ok(!readFileSync(join(dir, 'r.txt'), 'utf8').includes(esc), 'a file never gets colour');
});

test('--output writes the report to the file; --timing prints phases on stderr', () => {
  const dir = fixtureDir(CLEAN);
  const r = perflens(['analyze', '--format', 'json', '--output', 'out/report.json', '--timing'], dir);
  assert.equal(r.code, 2, 'a missing output directory is a clear usage error');
  assert.match(r.stderr, /cannot write --output out\/report\.json/);
  const ok = perflens(['analyze', '--format', 'json', '--output', 'report.json', '--timing'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  assert.equal(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).summary.analysed, 1);
  assert.match(ok.stderr, /timing: list \d+ ms, projects \d+ ms, parse \d+ ms, analyse \d+ ms, total \d+ ms, rss \d+ MB/);
});

test('an invalid .perflensrc.json in the root is a warning; its ignore globs apply when valid', () => {
  const dir = fixtureDir({ ...CLEAN, 'gen/out.js': 'export const x = 1;\n', '.perflensrc.json': '{ "ignore": ["gen/**"] }' });
  const r = perflens(['analyze', '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).summary.files, 1, 'gen/** ignored');
  writeFileSync(join(dir, '.perflensrc.json'), '{ broken');
  const bad = perflens(['analyze', '--format', 'json'], dir);
  assert.equal(bad.code, 0);
  assert.match(bad.stderr, /PL1007 .*not valid JSON/);
  assert.equal(JSON.parse(bad.stdout).summary.files, 2);
});
