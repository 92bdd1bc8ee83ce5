/** Growable typed columns for importers (two classes, so each push site sees one array type). */
export class F64Column {
  n = 0;
  a: Float64Array;
  constructor(capacity = 16) { this.a = new Float64Array(Math.max(16, capacity)); }
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  private grow(): void {
    const a = new Float64Array(this.n * 2);
    a.set(this.a);
    this.a = a;
  }
  /** the filled part (a view, no copy) */
  take(): Float64Array { return this.a.subarray(0, this.n); }
}

export class I32Column {
  n = 0;
  a: Int32Array;
  constructor(capacity = 16) { this.a = new Int32Array(Math.max(16, capacity)); }
  push(v: number): void {
    if (this.n === this.a.length) this.grow();
    this.a[this.n++] = v;
  }
  private grow(): void {
    const a = new Int32Array(this.n * 2);
    a.set(this.a);
    this.a = a;
  }
  take(): Int32Array { return this.a.subarray(0, this.n); }
}
