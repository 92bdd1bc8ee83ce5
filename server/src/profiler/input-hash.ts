/**
 * How the findings cache recognises a file's content: the SHA-1 of its text as the compiler sees it
 * (UTF-8, without a byte-order mark), computed alike by the analysis (from the text it analysed)
 * and by the cache (from the disk).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file an analysis read; `sha1` of the text it analysed (absent: configs, read from disk when stored). */
export interface AnalysisInput {
  path: string;
  sha1?: string;
}

export function textSha1(text: string): string {
  return createHash('sha1').update(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).digest('hex');
}

export function fileSha1(path: string): string {
  return textSha1(readFileSync(path, 'utf8'));
}
