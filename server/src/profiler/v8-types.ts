/**
 * The raw V8 shapes the inspector returns (`Profiler.Profile`, `HeapProfiler.SamplingHeapProfile`).
 * Kept minimal and local so the capture does not depend on the profile model's internal types;
 * these are exactly what `.cpuprofile` / `.heapprofile` files contain.
 */

export interface V8CallFrame {
  functionName: string;
  scriptId: string;
  url: string;
  /** 0-based */
  lineNumber: number;
  /** 0-based */
  columnNumber: number;
}

export interface V8PositionTick {
  /** 1-based line in the script V8 ran */
  line: number;
  ticks: number;
}

export interface V8CpuProfileNode {
  id: number;
  callFrame: V8CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: V8PositionTick[];
  deoptReason?: string;
}

export interface V8CpuProfile {
  nodes: V8CpuProfileNode[];
  /** µs */
  startTime: number;
  endTime: number;
  samples?: number[];
  /** µs between consecutive samples (wall clock) */
  timeDeltas?: number[];
}

export interface V8HeapNode {
  callFrame: V8CallFrame;
  /** bytes allocated by this node itself (sampled, scaled) */
  selfSize: number;
  id: number;
  children: V8HeapNode[];
}

export interface V8HeapProfile {
  head: V8HeapNode;
  samples?: { size: number; nodeId: number; ordinal: number }[];
}

/** What `Debugger.scriptParsed` told us about a script: how to find its source map. */
export interface ScriptInfo {
  scriptId: string;
  url: string;
  sourceMapURL?: string;
}
