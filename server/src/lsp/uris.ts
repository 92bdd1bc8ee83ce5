/** file:// URIs ↔ absolute paths. Open documents keep the exact URI the client sent. */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** The absolute path of a file:// URI, or undefined for other schemes (untitled:, git:, …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Remembers the client's spelling of each open document's URI, so we publish to the same string. */
export class UriMap {
  private readonly byPath = new Map<string, string>();

  remember(path: string, uri: string): void {
    this.byPath.set(path, uri);
  }

  forget(path: string): void {
    this.byPath.delete(path);
  }

  uriOf(path: string): string {
    return this.byPath.get(path) ?? pathToUri(path);
  }
}
