/**
 * Headless Neovim (Debian's 0.7.2, `vim.lsp.start_client`) runs `node bin/perflens.js lsp --stdio`
 * on a sample file: a PerfLens diagnostic arrives, the "Disable … for this line" code action is
 * applied through nvim's own code_action UI, and the diagnostic goes away. An editor nobody on this
 * project wrote. No nvim → the test fails with how to install it (CI installs it), it never skips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, REPO } from '../../lsp/helpers/build';
import { EXPRESS_SYNC_IO, makeWorkspace } from '../../lsp/helpers/workspace';

function nvimVersion(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

test('Neovim gets PerfLens diagnostics and applies a code action', { timeout: 180_000 }, async () => {
  const version = nvimVersion();
  assert.ok(version, 'nvim is not installed: run `apt-get install -y neovim` (CI does this in .ci/run)');
  await ensureBuilt(['cli']);
  const ws = makeWorkspace({ 'app.js': EXPRESS_SYNC_IO });
  try {
    const child = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(__dirname, 'init.lua'), 'app.js'], {
      cwd: ws.root,
      env: { ...process.env, LSP_CMD: `${process.execPath} ${join(REPO, 'bin/perflens.js')} lsp --stdio`, LSP_TIMEOUT_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(killer);
    const report = `${version}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
    assert.equal(code, 0, report);
    assert.match(stdout, /\[perflens\/sync-io\]/, report);
    assert.match(stdout, /code actions offered: .*Disable sync-io for this line/, report);
    assert.match(stdout, /PASS in \d+ ms/, report);
  } finally {
    ws.dispose();
  }
});
