/**
 * The V8 code cache that loads the ts-morph bundle faster: written once, hit after, replaced (not
 * piled up) when the bundle changes, and off on request. A real module, a real cache directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { preloadWithCodeCache, CODE_CACHE_DIR_ENV } from '../../server/src/profiler/code-cache';
import { tempDir } from './helpers';

test('code cache: written, then hit; a changed bundle replaces its cache; off means plain require', () => {
  const dir = tempDir('code-cache');
  const cacheDir = join(dir, 'cache');
  const bundle = join(dir, 'bundle.js');
  writeFileSync(bundle, 'exports.answer = () => 6 * 7;\n');
  const env = { [CODE_CACHE_DIR_ENV]: cacheDir };
  const load = () => {
    delete require.cache[bundle];
    const r = preloadWithCodeCache(bundle, env);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.equal((require(bundle) as { answer(): number }).answer(), 42);
    return r.status;
  };
  assert.equal(load(), 'written');
  assert.equal(load(), 'hit');
  assert.equal(readdirSync(cacheDir).length, 1);

  writeFileSync(bundle, 'exports.answer = () => 40 + 2;\n');
  utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
  assert.equal(load(), 'written');
  assert.equal(readdirSync(cacheDir).length, 1, 'the old cache of the same bundle is removed');
  assert.equal(load(), 'hit');

  delete require.cache[bundle];
  assert.equal(preloadWithCodeCache(bundle, { [CODE_CACHE_DIR_ENV]: 'off' }).status, 'off');
});
