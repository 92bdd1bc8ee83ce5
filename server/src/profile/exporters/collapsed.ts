import type { Profile } from '../model';

export interface CollapsedOptions {
  /** append " (file:line)" to names that have a location (default true) */
  locations?: boolean;
  /** use source-mapped locations when present (default true) */
  original?: boolean;
}

/**
 * Brendan Gregg's collapsed stacks: one `root;…;leaf weight` line per node with self weight > 0,
 * weight rounded to an integer of the profile unit (µs or bytes). The V8 "(root)" frame is left out.
 * Names are kept except for the format's separators: `;` and line breaks become `_`.
 */
export function toCollapsed(profile: Profile, opts: CollapsedOptions = {}): string {
  let text = '';
  for (const line of collapsedLines(profile, opts)) text += line + '\n';
  return text;
}

/**
 * The same lines one by one (a deep tree makes the text O(nodes × depth): stream it to a file
 * rather than building one string).
 */
export function* collapsedLines(profile: Profile, opts: CollapsedOptions = {}): Generator<string> {
  const { tree, frames } = profile;
  const withLoc = opts.locations ?? true;
  const useOriginal = opts.original ?? true;
  const label = frames.map((f) => {
    const name = f.name.replace(/[;\r\n]/g, '_');
    if (!withLoc) return name;
    const loc = useOriginal && f.original ? f.original : f.url ? { file: f.url, line: f.line } : undefined;
    return loc ? `${name} (${loc.file.replace(/[;\r\n]/g, '_')}:${loc.line})` : name;
  });
  // preorder walk keeping the current path (root excluded)
  const path: string[] = [];
  const open: number[] = [];
  for (let i = 1; i < tree.size; i++) {
    while (open.length && tree.end[open[open.length - 1]] <= i) { open.pop(); path.pop(); }
    open.push(i);
    path.push(label[tree.frame[i]]);
    const w = Math.round(tree.self[i]);
    if (w > 0) yield `${path.join(';')} ${w}`;
  }
}
