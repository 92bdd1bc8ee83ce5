/** Applies text edits to strings; rejects overlapping edits rather than corrupt the text. */
import type { TextEdit } from './finding';

export class OverlappingEditsError extends Error {}

export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) throw new OverlappingEditsError('edits overlap');
  }
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor || e.end > text.length || e.start > e.end) throw new OverlappingEditsError('edit out of range');
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/** Groups edits by file. */
export function editsByFile(edits: readonly TextEdit[]): Map<string, TextEdit[]> {
  const map = new Map<string, TextEdit[]>();
  for (const e of edits) {
    const list = map.get(e.file) ?? [];
    list.push(e);
    map.set(e.file, list);
  }
  return map;
}
