import type { Profile, ProfileFormat } from '../model';
import { fail, isRecord, ProfileFormatError } from '../errors';
import { importCpuProfile, type CpuImportOptions } from './cpuprofile';
import { importHeapProfile, type HeapImportOptions } from './heapprofile';
import { importSpeedscope, type SpeedscopeImportOptions } from './speedscope';
import { importCpuProfileBytes, importCpuProfileStream } from './cpuprofile-bytes';

export { importCpuProfile, importCpuProfileBytes, importCpuProfileStream, importHeapProfile, importSpeedscope };
export type { ByteSource } from './json-bytes';
export type ImportOptions = CpuImportOptions & HeapImportOptions & SpeedscopeImportOptions;

/** Which format a parsed document is, from its content (never from a file name). */
export function detectFormat(doc: unknown): ProfileFormat {
  if (isRecord(doc)) {
    if (Array.isArray(doc.nodes)) return 'cpuprofile';
    if (isRecord(doc.head)) return 'heapprofile';
    if (isRecord(doc.shared) && Array.isArray(doc.profiles)) return 'speedscope';
    if (typeof doc.$schema === 'string' && doc.$schema.includes('speedscope')) return 'speedscope';
  }
  if (Array.isArray(doc) || (isRecord(doc) && Array.isArray(doc.traceEvents))) {
    fail('this looks like a Chrome trace (traceEvents); export a .cpuprofile from DevTools instead');
  }
  return fail('not a .cpuprofile (no "nodes"), .heapprofile (no "head") or speedscope file (no "shared"/"profiles")');
}

/**
 * Imports a profile from JSON text or an already parsed document, detecting the format. Throws only
 * ProfileFormatError (PL3001); anything unexpected inside an importer is wrapped into one.
 */
export function importProfile(input: string | unknown, opts: ImportOptions = {}): Profile {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      fail(`not valid JSON (${e instanceof Error ? e.message.slice(0, 200) : 'parse error'})`);
    }
  }
  try {
    const format = detectFormat(doc);
    if (format === 'cpuprofile') return importCpuProfile(doc, opts);
    if (format === 'heapprofile') return importHeapProfile(doc, opts);
    return importSpeedscope(doc, opts);
  } catch (e) {
    if (e instanceof ProfileFormatError) throw e;
    // RangeError (e.g. typed array too large) or a bug: still the typed error, with the cause named
    throw new ProfileFormatError(`could not be imported (${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : String(e)})`);
  }
}

/**
 * Imports a profile from the file's raw UTF-8 bytes: a .cpuprofile goes through the byte-level
 * importer (no decode to one big string, no object per node); anything it does not take (other
 * formats, or input it would not read exactly as JSON.parse does) is decoded once and imported from
 * text, with the same result and the same errors as `importProfile(text)`. `decode` defaults to
 * TextDecoder (BOM kept, as node's utf8 decoding keeps it); node callers may pass Buffer#toString.
 */
export function importProfileBytes(bytes: Uint8Array, opts: ImportOptions = {}, decode: (bytes: Uint8Array) => string = decodeUtf8): Profile {
  return importCpuProfileBytes(bytes, opts) ?? importProfile(decode(bytes), opts);
}

const decodeUtf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
