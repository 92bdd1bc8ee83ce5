import type { Profile, ProfileFormat } from '../model';
import { fail, isRecord, ProfileFormatError } from '../errors';
import { importCpuProfile, type CpuImportOptions } from './cpuprofile';
import { importHeapProfile, type HeapImportOptions } from './heapprofile';
import { importSpeedscope, type SpeedscopeImportOptions } from './speedscope';

export { importCpuProfile, importHeapProfile, importSpeedscope };
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
