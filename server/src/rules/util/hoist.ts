/** Helpers for fixes that hoist a value to just before a loop: where, with what indentation, under what name. */
import { ts } from 'ts-morph';
import type { TextEdit } from '../../engine/finding';
import { isFunctionLike } from './syntax';

export interface HoistPoint {
  /** the statement before which the hoisted declaration goes */
  statement: ts.Statement;
  /** leading whitespace of the statement's line */
  indent: string;
}

function inStatementList(stmt: ts.Node): boolean {
  const p = stmt.parent;
  return !!p && (ts.isBlock(p) || ts.isSourceFile(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isModuleBlock(p));
}

/**
 * The statement that holds `loop` (a loop statement, or the statement containing a per-item call),
 * when a declaration can be inserted right before it; undefined when the loop is not in a statement
 * list (`if (x) for (…)`, an arrow's expression body).
 */
export function hoistPoint(loop: ts.Node, sf: ts.SourceFile): HoistPoint | undefined {
  let stmt: ts.Node | undefined = loop;
  while (stmt && !(ts.isStatement(stmt) || ts.isSourceFile(stmt))) {
    if (isFunctionLike(stmt)) return undefined;
    stmt = stmt.parent;
  }
  if (!stmt || ts.isSourceFile(stmt)) return undefined;
  while (stmt.parent && ts.isLabeledStatement(stmt.parent)) stmt = stmt.parent;
  if (!inStatementList(stmt)) return undefined;
  return { statement: stmt as ts.Statement, indent: indentOf(stmt, sf) };
}

export function indentOf(node: ts.Node, sf: ts.SourceFile): string {
  const start = node.getStart(sf);
  const text = sf.text;
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const lead = text.slice(lineStart, start);
  const m = /^[ \t]*/.exec(lead);
  return m ? m[0] : '';
}

/** Inserts `declaration` on its own line before the hoist point, at the same indentation. */
export function insertBefore(point: HoistPoint, declaration: string, file: string, sf: ts.SourceFile): TextEdit {
  const at = point.statement.getStart(sf);
  return { file, start: at, end: at, newText: `${declaration}\n${point.indent}` };
}

/** A name not used anywhere in the file: `base`, `base2`, … (textual: cheap and never wrong the unsafe way). */
export function freshName(base: string, sf: ts.SourceFile): string {
  const safe = base.replace(/[^A-Za-z0-9_$]/g, '') || 'value';
  const start = /^[0-9]/.test(safe) ? `_${safe}` : safe;
  const taken = (n: string): boolean => new RegExp(`(^|[^A-Za-z0-9_$])${n.replace(/\$/g, '\\$')}($|[^A-Za-z0-9_$])`).test(sf.text);
  if (!taken(start)) return start;
  for (let i = 2; ; i++) if (!taken(`${start}${i}`)) return `${start}${i}`;
}

export function capitalize(s: string): string {
  return s.length ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** `this.allowedIds` → `allowedIds`, `config.roles` → `roles`. */
export function lastName(path: string): string {
  const parts = path.split('.');
  return parts[parts.length - 1] ?? path;
}
