/**
 * How a frame moved by a source map is written back into a V8-format profile (the saved
 * .cpuprofile/.heapprofile, the frames a viewer shows): the url of its original file, in the
 * recorded profile's own convention, and a script id of its own per original file.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame, SourceLocation } from '../profile/model';

/** A file URL when the recorded url was one (ES modules, CPU profiles), else the path as mapped. */
export function originalUrl(frame: Frame, original: SourceLocation): string {
  return frame.url.startsWith('file:') && isAbsolute(original.file) ? pathToFileURL(original.file).href : original.file;
}

/** Script ids for original files, numbered after the largest id the recorded profile uses. */
export class OriginalScriptIds {
  private readonly ids = new Map<string, string>();
  private next: number;

  /** `used`: the recorded profile's script ids (strings or numbers; non-numeric ones are ignored) */
  constructor(used: Iterable<string | number | undefined>) {
    let max = 0;
    // a loop, not Math.max(...ids): a large profile has more nodes than a call has arguments
    for (const id of used) max = Math.max(max, Number(id) || 0);
    this.next = max + 1;
  }

  of(url: string): string {
    let id = this.ids.get(url);
    if (id === undefined) this.ids.set(url, (id = String(this.next++)));
    return id;
  }
}
