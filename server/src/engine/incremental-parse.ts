/**
 * Re-parse an edited file incrementally, the way tsserver does on every keystroke: TypeScript's
 * incremental parser reuses the syntax trees of the unchanged parts, so a one-line edit in a
 * 1,000-line file costs a fraction of a full parse. The new compiler SourceFile is swapped into
 * ts-morph's wrapper exactly as ts-morph's own `createSourceFile(…, { overwrite: true })` does
 * (forget the wrapped children, then `compilerFactory.replaceCompilerNode`, which also resets the
 * program). That factory is ts-morph internals: when it is not there, the caller falls back to a
 * full re-parse.
 */
import { ts, type Project, type SourceFile } from 'ts-morph';

interface CompilerFactoryLike {
  replaceCompilerNode(oldNode: SourceFile, newNode: ts.SourceFile): void;
}

function compilerFactoryOf(project: Project): CompilerFactoryLike | undefined {
  const factory = (project as unknown as { _context?: { compilerFactory?: Partial<CompilerFactoryLike> } })._context?.compilerFactory;
  return typeof factory?.replaceCompilerNode === 'function' ? (factory as CompilerFactoryLike) : undefined;
}

/** The changed span of `oldText` and its length in `newText` (common prefix and suffix removed). */
export function changeRange(oldText: string, newText: string): ts.TextChangeRange {
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  return ts.createTextChangeRange(ts.createTextSpan(prefix, oldText.length - prefix - suffix), newText.length - prefix - suffix);
}

/**
 * Replaces the text of `file` by an incremental re-parse. Returns false when it cannot (no
 * compiler factory, or a tree the language-service parser did not make): the caller then
 * re-parses in full through ts-morph.
 */
export function reparseIncrementally(project: Project, file: SourceFile, newText: string): boolean {
  const factory = compilerFactoryOf(project);
  const old = file.compilerNode as ts.SourceFile & { scriptSnapshot?: ts.IScriptSnapshot; version?: string };
  // only files ts-morph made through the language-service parser carry what the incremental parser needs
  if (!factory || !old.scriptSnapshot || old.version === undefined) return false;
  const range = changeRange(old.text, newText);
  const version = String((Number.parseInt(old.version, 10) || 0) + 1);
  // forget the wrappers first: the incremental parser moves the old tree's nodes, which ts-morph's
  // child listing (comment ranges from positions) would then read against the old text
  for (const child of file.getChildren()) child.forget();
  const snapshot = ts.ScriptSnapshot.fromString(newText);
  let updated: ts.SourceFile;
  try {
    updated = ts.updateLanguageServiceSourceFile(old, snapshot, version, range);
  } catch {
    // the old tree may be half-moved now: parse from scratch (what ts-morph's overwrite does)
    updated = ts.createLanguageServiceSourceFile(old.fileName, snapshot, old.languageVersion, version, true);
  }
  factory.replaceCompilerNode(file, updated);
  return true;
}
