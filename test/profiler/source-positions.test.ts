/**
 * A foreign profile of compiled code (node --cpu-prof on esbuild output with a .map beside it) is
 * shown at its source positions by the viewers built on withSourcePositions (`perflens report`, the
 * VS Code panel); frames without a map stay as recorded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { readProfileFile } from '../../server/src/profile/read-file';
import { withSourcePositions } from '../../server/src/profiler/source-positions';
import { tempDir } from './helpers';
import { compiledSourceLine, profileCompiledSource } from './compiled-profile';

test('withSourcePositions: frames of compiled code move to the .ts file and line; node internals stay', async () => {
  const { source, built, profile } = profileCompiledSource(tempDir('source-positions'));
  const raw = await readProfileFile(profile);
  const before = raw.frames.find((f) => f.name === 'countDuplicates')!;
  assert.equal(before.url, pathToFileURL(built).href);
  const internals = raw.frames.filter((f) => f.url.startsWith('node:')).map((f) => `${f.url}:${f.line}`);

  const { profile: shown, problems, moved } = withSourcePositions(raw);
  assert.deepEqual(problems, []);
  assert.ok(moved > 0);
  const fn = shown.frames.find((f) => f.name === 'countDuplicates')!;
  assert.equal(fn.url, pathToFileURL(source).href);
  assert.equal(fn.line, compiledSourceLine('export function countDuplicates'));
  assert.deepEqual(shown.frames.filter((f) => f.url.startsWith('node:')).map((f) => `${f.url}:${f.line}`), internals);
});
