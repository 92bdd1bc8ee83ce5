/** Temporary workspaces on disk for LSP tests, and the sample sources they use. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function makeWorkspace(files: Record<string, string | Buffer>): { root: string; path(rel: string): string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'perflens-lsp-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return { root, path: (rel) => join(root, rel), dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** A blocking read inside an Express handler: design.md's sync-io case. Line 5 (0-based) holds the call. */
export const EXPRESS_SYNC_IO = `const fs = require('fs');
const express = require('express');
const app = express();

app.get('/config', (req, res) => {
  const text = fs.readFileSync('/etc/hostname', 'utf8');
  res.send(text);
});

module.exports = app;
`;
export const EXPRESS_SYNC_IO_LINE = 5;

/** A blocking read in an async function: sync-io with a safe fs.promises fix (design.md). Line 3. */
export const ASYNC_SYNC_IO = `const fs = require('fs');

async function loadUser(id) {
  const raw = fs.readFileSync('/data/users/' + id + '.json', 'utf8');
  return JSON.parse(raw);
}

module.exports = { loadUser };
`;
export const ASYNC_SYNC_IO_LINE = 3;

/** The same handler without blocking I/O. */
export const EXPRESS_ASYNC_IO = `const fs = require('fs');
const express = require('express');
const app = express();

app.get('/config', async (req, res) => {
  const text = await fs.promises.readFile('/etc/hostname', 'utf8');
  res.send(text);
});

module.exports = app;
`;
