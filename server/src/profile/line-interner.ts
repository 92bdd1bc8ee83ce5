/** Backslashes to slashes: one spelling per file in hotspot rows. */
export const normalizePath = (p: string): string => p.replace(/\\/g, '/');

/** (file, line) → dense id: file spellings → file id once, then one small-integer Map per file. */
export class LineInterner {
  /** normalized file per line id */
  file: string[] = [];
  line: number[] = [];
  /** first frame seen on the line: names the line's function */
  frame: number[] = [];
  /** raw and normalized spellings → file id */
  private readonly fileIds = new Map<string, number>();
  private readonly fileNames: string[] = [];
  private readonly lineIds: Map<number, number>[] = [];
  get count(): number { return this.file.length; }
  fileId(file: string): number {
    let f = this.fileIds.get(file);
    if (f === undefined) {
      const normalized = normalizePath(file);
      f = this.fileIds.get(normalized);
      if (f === undefined) {
        f = this.fileNames.length;
        this.fileNames.push(normalized);
        this.lineIds.push(new Map());
        this.fileIds.set(normalized, f);
      }
      this.fileIds.set(file, f);
    }
    return f;
  }
  id(file: string, line: number, frame: number): number {
    return this.idIn(this.fileId(file), line, frame);
  }
  idIn(fileId: number, line: number, frame: number): number {
    const ids = this.lineIds[fileId];
    let id = ids.get(line);
    if (id === undefined) {
      id = this.file.length;
      ids.set(line, id);
      this.file.push(this.fileNames[fileId]); this.line.push(line); this.frame.push(frame);
    }
    return id;
  }
}
