/** Which files PerfLens analyses, and guards for files it must not parse (binary, huge, minified). */
import { readdirSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join, extname } from 'node:path';

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.perflens', '.cache']);

export function isSourceFile(path: string): boolean {
  if (/\.d\.[mc]?ts$/.test(path)) return false;
  return SOURCE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** Lists source files under a path (file or directory), skipping dependency and output folders. */
export function listSourceFiles(path: string, isIgnored: (p: string) => boolean = () => false): string[] {
  const out: string[] = [];
  let st;
  try {
    st = statSync(path);
  } catch {
    return out;
  }
  if (st.isFile()) {
    if (isSourceFile(path) && !isIgnored(path)) out.push(path);
    return out;
  }
  const stack = [path];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !isIgnored(p + '/')) stack.push(p);
      } else if (e.isFile() && isSourceFile(p) && !isIgnored(p)) out.push(p);
    }
  }
  return out.sort();
}

export function findConfigFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(join(dir, e.name));
      else if (e.isFile() && (e.name === 'tsconfig.json' || e.name === 'jsconfig.json')) out.push(join(dir, e.name));
    }
  }
  return out.sort();
}

export type SkipReason = { code: 'PL1002' | 'PL1003'; message: string };

/** Text-level guard before parsing: binary content, huge files, minified bundles. */
export function checkText(text: string): SkipReason | undefined {
  if (text.length > MAX_FILE_BYTES) {
    return { code: 'PL1003', message: `${(text.length / 1048576).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1048576} MB limit` };
  }
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return { code: 'PL1002', message: 'contains NUL bytes' };
  if (text.length > 200_000) {
    let longest = 0;
    let lineStart = 0;
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.charCodeAt(i) === 10) {
        longest = Math.max(longest, i - lineStart);
        lineStart = i + 1;
      }
    }
    const lines = text.split('\n').length;
    if (longest > 20_000 && text.length / lines > 1_000) {
      return { code: 'PL1003', message: 'looks minified (very long lines); analyse its source instead' };
    }
  }
  return undefined;
}

export function looksBinaryOnDisk(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).includes(0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
