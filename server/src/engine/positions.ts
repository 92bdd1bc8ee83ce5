import { ts } from 'ts-morph';
import type { Range } from './finding';

export function rangeOf(sf: ts.SourceFile, start: number, end: number): Range {
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

/** Offsets of each line start, for converting ranges of text that is not a SourceFile. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetAt(starts: number[], line: number, character: number, textLength: number): number {
  if (line >= starts.length) return textLength;
  return Math.min(starts[line]! + character, line + 1 < starts.length ? starts[line + 1]! : textLength);
}
