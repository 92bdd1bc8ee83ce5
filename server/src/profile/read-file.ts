/**
 * Node-only: read a profile file from disk and import it. The file is read once into a string and
 * parsed once (no second read, no Buffer kept alongside the string). Not for the webview.
 */
import { readFile, stat } from 'node:fs/promises';
import { ProfileFormatError } from './errors';
import { importProfile, type ImportOptions } from './importers/index';
import type { Profile } from './model';

/** V8's string length limit on 64-bit (2^29 − 24 characters); larger files cannot be JSON.parse'd. */
export const MAX_PROFILE_BYTES = 2 ** 29 - 24;

export async function readProfileFile(path: string, opts: ImportOptions = {}): Promise<Profile> {
  return importProfile(await readProfileText(path), opts);
}

/**
 * The file's text: one read into a Buffer, decoded once by node's native UTF-8 decoder (the Buffer
 * is garbage right after; the string is what JSON.parse reads). Size is checked before reading.
 */
export async function readProfileText(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size > MAX_PROFILE_BYTES) throw new ProfileFormatError(`${path} is ${(size / 2 ** 20).toFixed(0)} MB; the limit is 512 MB`);
  return readFile(path, 'utf8');
}
