/**
 * Saved profiles: `.perflens/profiles/<script>-<timestamp>.cpuprofile|.heapprofile` (V8 JSON,
 * opens in Chrome DevTools, speedscope and VS Code's profile viewer) and `<…>.summary.json`.
 * When source maps moved any frame (TypeScript, compiled output), `<…>.cpuprofile` and
 * `<…>.heapprofile` are the source-mapped profiles (so every viewer shows the .ts lines) and the
 * profiles as V8 recorded them are kept beside them as `<…>.raw.cpuprofile|.raw.heapprofile`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { V8CpuProfile, V8HeapProfile } from './v8-types';

export const DEFAULT_PROFILE_DIR = join('.perflens', 'profiles');

export function profileBaseName(script: string, at: Date = new Date()): string {
  const name = basename(script).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60) || 'script';
  return `${name}-${at.toISOString().replace(/[:.]/g, '-')}`;
}

export interface SavedPaths {
  /** the profile to open: source-mapped when anything was mapped, else as recorded */
  cpuProfile?: string;
  /** the profile as V8 recorded it (generated positions), when it differs from cpuProfile */
  rawCpuProfile?: string;
  heapProfile?: string;
  /** the heap profile as V8 recorded it, when heapProfile is the source-mapped one */
  rawHeapProfile?: string;
  summary: string;
}

/** Source-mapped copies to save as the main profiles (absent: nothing was mapped). */
export interface MappedProfiles {
  cpu?: object;
  heap?: object;
}

export function saveProfiles(outDir: string, base: string, cpu: V8CpuProfile | undefined, heap: V8HeapProfile | undefined, mapped: MappedProfiles = {}): SavedPaths {
  mkdirSync(outDir, { recursive: true });
  const paths: SavedPaths = { summary: join(outDir, `${base}.summary.json`) };
  if (cpu && mapped.cpu) {
    writeFileSync((paths.cpuProfile = join(outDir, `${base}.cpuprofile`)), JSON.stringify(mapped.cpu));
    writeFileSync((paths.rawCpuProfile = join(outDir, `${base}.raw.cpuprofile`)), JSON.stringify(cpu));
  } else if (cpu) writeFileSync((paths.cpuProfile = join(outDir, `${base}.cpuprofile`)), JSON.stringify(cpu));
  if (heap && mapped.heap) {
    writeFileSync((paths.heapProfile = join(outDir, `${base}.heapprofile`)), JSON.stringify(mapped.heap));
    writeFileSync((paths.rawHeapProfile = join(outDir, `${base}.raw.heapprofile`)), JSON.stringify(heap));
  } else if (heap) writeFileSync((paths.heapProfile = join(outDir, `${base}.heapprofile`)), JSON.stringify(heap));
  return paths;
}

export function writeSummary(path: string, summary: unknown): void {
  writeFileSync(path, JSON.stringify(summary, null, 2) + '\n');
}
