/**
 * Node-only: read a profile file from disk and import it. Not for the webview.
 *
 * A .cpuprofile streams through the byte-level importer: the file passes once through a 1 MB
 * window (no 50–200 MB Buffer or string, no object per node). Any other file, or one the byte
 * importer declines (another format, or input it will not read exactly as JSON.parse does), is
 * then read as text and parsed once: the same model and the same errors as `importProfile(text)`.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { ProfileFormatError } from './errors';
import { importCpuProfileStream, importProfile, type ImportOptions } from './importers/index';
import type { Profile } from './model';

/** V8's string length limit on 64-bit (2^29 − 24 characters); larger files cannot be JSON.parse'd. */
export const MAX_PROFILE_BYTES = 2 ** 29 - 24;

export async function readProfileFile(path: string, opts: ImportOptions = {}): Promise<Profile> {
  const fast = streamCpuProfile(path, opts);
  if (fast) return fast;
  return importProfile(await readProfileText(path), opts);
}

/** The byte-level importer over the file, streamed; undefined when it declines. */
export function streamCpuProfile(path: string, opts: ImportOptions = {}): Profile | undefined {
  const fd = openSync(path, 'r');
  try {
    let position = 0;
    return importCpuProfileStream((into, offset, length) => {
      const got = readSync(fd, into, offset, length, position);
      position += got;
      return got;
    }, opts, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, one read; size checked first. */
export async function readProfileBytes(path: string): Promise<Buffer> {
  await checkSize(path);
  return readFile(path);
}

/**
 * The file's text: one read into a Buffer, decoded once by node's native UTF-8 decoder (the Buffer
 * is garbage right after; the string is what JSON.parse reads). Size is checked before reading.
 */
export async function readProfileText(path: string): Promise<string> {
  await checkSize(path);
  return readFile(path, 'utf8');
}

async function checkSize(path: string): Promise<void> {
  const { size } = await stat(path);
  if (size > MAX_PROFILE_BYTES) throw new ProfileFormatError(`${path} is ${(size / 2 ** 20).toFixed(0)} MB; the limit is 512 MB`);
}
