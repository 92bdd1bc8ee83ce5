/** Shared helpers for the profiler tests: sample paths, marker lines, temp dirs. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
