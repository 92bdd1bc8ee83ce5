/**
 * Engine edits (character offsets per file) → LSP WorkspaceEdits, and the choice of safe fixes for
 * `source.fixAll.perflens`: whole fixes are taken in document order, and a fix whose edits touch
 * an edit already taken is left out (the next fixAll picks it up), so the text is never corrupted.
 */
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix, TextEdit } from '../engine/finding';

/** How to get a document (at the version the edits were computed for) for a file path. */
export interface EditTarget {
  uri: string;
  /** null: not open in the editor */
  version: number | null;
  doc: TextDocument;
}

export type TargetOf = (path: string) => EditTarget | undefined;

export function toWorkspaceEdit(edits: readonly TextEdit[], targetOf: TargetOf, useDocumentChanges: boolean): WorkspaceEdit | undefined {
  const byUri = new Map<string, { target: EditTarget; edits: LspTextEdit[] }>();
  for (const e of edits) {
    const target = targetOf(e.file);
    if (!target) return undefined; // a file we cannot see: offer nothing rather than half a fix
    const text = target.doc.getText();
    if (e.start < 0 || e.end > text.length || e.start > e.end) return undefined;
    const entry = byUri.get(target.uri) ?? { target, edits: [] };
    entry.edits.push({ range: { start: target.doc.positionAt(e.start), end: target.doc.positionAt(e.end) }, newText: e.newText });
    byUri.set(target.uri, entry);
  }
  if (byUri.size === 0) return undefined;
  if (useDocumentChanges) {
    return {
      documentChanges: [...byUri.values()].map(({ target, edits: list }) => ({
        textDocument: { uri: target.uri, version: target.version },
        edits: list,
      })),
    };
  }
  const changes: Record<string, LspTextEdit[]> = {};
  for (const [uri, { edits: list }] of byUri) changes[uri] = list;
  return { changes };
}

/** Two edits conflict if their ranges overlap, or both insert at the same offset different text. */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.file !== b.file) return false;
  if (a.start === b.start && a.end === b.end && a.newText === b.newText) return false; // the same edit twice
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Picks whole fixes that do not conflict with each other; identical shared edits are kept once. */
export function nonOverlappingFixes(fixes: readonly Fix[]): { chosen: Fix[]; edits: TextEdit[] } {
  const chosen: Fix[] = [];
  const edits: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.length === 0) continue;
    if (fix.edits.some((e) => edits.some((taken) => conflicts(e, taken)))) continue;
    if (hasInternalOverlap(fix.edits)) continue;
    chosen.push(fix);
    for (const e of fix.edits) {
      if (!edits.some((t) => t.file === e.file && t.start === e.start && t.end === e.end && t.newText === e.newText)) edits.push(e);
    }
  }
  return { chosen, edits };
}

function hasInternalOverlap(edits: readonly TextEdit[]): boolean {
  for (let i = 0; i < edits.length; i++) for (let j = i + 1; j < edits.length; j++) if (conflicts(edits[i]!, edits[j]!)) return true;
  return false;
}
