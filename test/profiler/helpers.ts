/** Shared helpers for the profiler tests: sample paths, marker lines, temp dirs. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { profileScript, type ProfileRun } from '../../server/src/profiler/profile-script';

export const REPO = resolve(__dirname, '..', '..');
export const SAMPLES = join(REPO, 'samples', 'profiling');

export function sample(name: string): string {
  return join(SAMPLES, name);
}

/** 1-based line of the first line containing `marker` (samples mark their known hot line). */
export function markerLine(file: string, marker: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`${marker} not found in ${file}`);
  return i + 1;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `perflens-${prefix}-`));
}

/** Profiles a sample into outDir (no static analysis), collecting its stdout/stderr. */
export async function profileSample(
  name: string,
  outDir: string,
  extra: Partial<Parameters<typeof profileScript>[0]> = {},
): Promise<ProfileRun & { stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const run = await profileScript({
    script: sample(name),
    outDir,
    findings: false,
    onStdout: (t) => (stdout += t),
    onStderr: (t) => (stderr += t),
    ...extra,
  });
  return { ...run, stdout, stderr };
}

/** A TypeScript module whose marked `// HOT` loop dominates the profile (used by the TS loader tests). */
export const HOT_TS = [
  'interface Row { n: number }',
  '',
  'export function burn(rows: Row[]): number {',
  '  let acc = 0;',
  '  for (let k = 0; k < 400; k++) for (const r of rows) acc = (acc + r.n * k) % 1000003; // HOT',
  '  return acc;',
  '}',
  '',
].join('\n');
