/**
 * Memo tables for facts that rules ask again and again while analysing one file or one program
 * (which module a name comes from, what a declaration holds, which names a file declares).
 * Keys are the compiler objects themselves, held weakly: an edit replaces the SourceFile and the
 * program (hence the checker), so stale entries are never read and are collected with their keys.
 */
import type { ts } from 'ts-morph';

const byFile = new WeakMap<ts.SourceFile, Map<string, unknown>>();
const byChecker = new WeakMap<ts.TypeChecker, Map<string, unknown>>();
const programs = new WeakMap<ts.TypeChecker, ts.Program>();

/** A value computed once per parsed file (syntax-only facts). */
export function perFile<T>(sf: ts.SourceFile, key: string, compute: () => T): T {
  let table = byFile.get(sf);
  if (!table) byFile.set(sf, (table = new Map()));
  if (table.has(key)) return table.get(key) as T;
  const value = compute();
  table.set(key, value);
  return value;
}

/** A value computed once per type checker, i.e. per program version (facts that need symbols or types). */
export function perChecker<T>(checker: ts.TypeChecker, key: string, compute: () => T): T {
  let table = byChecker.get(checker);
  if (!table) byChecker.set(checker, (table = new Map()));
  if (table.has(key)) return table.get(key) as T;
  const value = compute();
  table.set(key, value);
  return value;
}

/** A per-checker map keyed by node or symbol (e.g. "what does this declaration hold?"). */
export function checkerTable<K extends object, V>(checker: ts.TypeChecker, key: string): WeakMap<K, V> {
  return perChecker(checker, key, () => new WeakMap<K, V>());
}

/** The runner records which program a checker belongs to, so helpers that only get a checker can look at the program. */
export function registerProgram(checker: ts.TypeChecker, program: ts.Program): void {
  programs.set(checker, program);
}

export function programOf(checker: ts.TypeChecker): ts.Program | undefined {
  return programs.get(checker);
}
