/**
 * The extension's own integration tests (mocha, ext-tests/) inside code-server's real extension
 * host: code-server runs with the smoke-test driver, the workbench URL carries
 * extensionDevelopmentPath + extensionTestsPath, and window.codeAutomationExit(code) reports.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { startCodeServer, CHROMIUM_ARGS, type CodeServer } from './code-server';

const ROOT = resolve(__dirname, '../../..');
const OUT = join(ROOT, 'dist-test', 'ext-tests');
let server: CodeServer | undefined;
let workspace: string;

before(async () => {
  await build({
    entryPoints: [join(__dirname, 'ext-tests/index.ts'), join(__dirname, 'ext-tests/extension.suite.ts')],
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  workspace = mkdtempSync(join(tmpdir(), 'perflens-ws-'));
  cpSync(join(__dirname, 'workspace'), workspace, { recursive: true });
  server = await startCodeServer({ smokeTestDriver: true });
});

after(async () => {
  await server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

test('extension integration tests pass in code-server\'s extension host', { timeout: 240_000 }, async () => {
  const s = server!;
  const remote = (p: string): string => `vscode-remote://127.0.0.1:${s.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(join(OUT, 'index.js'))],
  ];
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    let exit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((r) => (exit = r));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    await page.exposeFunction('codeAutomationLog', (_level: string, args: unknown) => {
      lines.push(format(...(Array.isArray(args) ? args : [args])));
    });
    await page.goto(`${s.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 200_000))]);
    const mochaLines = lines.filter((l) => /^\s*(activation took|perflens activation|✔|✓|\d+ passing|\d+ failing|\d+\) |Error|AssertionError|\s+at )/.test(l));
    console.log(mochaLines.join('\n'));
    assert.equal(code, 0, `extension tests failed (exit ${code}):\n${lines.slice(-80).join('\n')}\n--- code-server log ---\n${s.log().slice(-3000)}`);
  } finally {
    await browser.close();
  }
});
