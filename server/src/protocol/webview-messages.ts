/**
 * Messages between the extension host (or the CLI's HTML report) and the flame graph webview.
 * Host → webview: loadProfile, theme, highlight. Webview → host: ready, openSource, applyFix,
 * stateChanged. All data crosses by postMessage (structured clone) or, in the standalone report,
 * by one JSON script tag; nothing from a profile is ever inlined as HTML or script.
 */

/**
 * The compact tree the webview draws, JSON-safe (plain arrays, so it survives both postMessage and
 * a JSON script tag). Nodes are in preorder: node 0 is the root, parent[i] < i.
 */
export interface FlameTreeWire {
  version: 1;
  kind: 'cpu' | 'heap';
  /** weights are microseconds (cpu) or bytes (heap) */
  unit: 'us' | 'bytes';
  /** distinct function names */
  names: string[];
  /** distinct source paths (source-mapped where available) */
  files: string[];
  /** FRAME_STRIDE numbers per frame: name index, file index (-1 none), line (1-based, 0 unknown), col, category index */
  frames: number[];
  /** per node: parent index (-1 for node 0) */
  parent: number[];
  /** per node: frame index (-1 for node 0, the root) */
  frame: number[];
  /** per node: self weight */
  self: number[];
  /** time order (cpu): node index per sample (runs of one node may be merged) and the weight each stands for */
  samples?: number[];
  sampleWeights?: number[];
}

/**
 * The same tree packed (version 2, what profileToWire sends): each column a base64 varint string
 * (server/src/report/wire-codec.ts), ~3× smaller than number arrays and cheap to clone or parse.
 * Siblings are merged by frame and ordered heaviest first (ties by frame index), so the unfiltered
 * left-heavy flame graph is the tree itself and the page lays it out in a few linear passes.
 */
export interface FlameTreePacked {
  version: 2;
  kind: 'cpu' | 'heap';
  unit: 'us' | 'bytes';
  names: string[];
  files: string[];
  /** number of nodes (node 0 is the root) and of frames */
  nodeCount: number;
  frameCount: number;
  /** FRAME_STRIDE uints per frame: name, file + 1 (0 none), line, col, category */
  frames: string;
  /** per node: node index − parent index (0 for the root) */
  parent: string;
  /** per node: frame index + 1 (0 for the root) */
  frame: string;
  /** per node: self weight (integer part packed; non-integers listed exactly) */
  self: { ints: string; exact?: number[] };
  /** siblings merged by frame and sorted heaviest first */
  leftHeavy: boolean;
  /** time order: run count, zigzag deltas of node indexes, and each run's weight */
  sampleCount?: number;
  samples?: string;
  sampleWeights?: { ints: string; exact?: number[] };
}

export const FRAME_STRIDE = 5;

/** id of the application/json script element that carries the loadProfile message in the standalone report */
export const EMBEDDED_DATA_ID = 'perflens-data';

/** Category index order used in FlameTreeWire.frames (the profile model's FrameCategory order). */
export const WIRE_CATEGORIES = ['user', 'node_modules', 'node', 'gc', 'idle', 'program', 'native'] as const;

export interface ProfileMeta {
  /** shown in the title bar, e.g. the profiled script */
  title: string;
  /** where the profile came from (a path), for display only */
  source?: string;
  /** wall-clock duration of the recording in ms, when known */
  durationMs?: number;
}

/** 0-based line/character, as LSP uses them. */
export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** A finding shown beside the graph, with its measured cost when a profile covered it. */
export interface WebviewFinding {
  id: string;
  ruleId: string;
  /** absolute path */
  file: string;
  /** file:// URI of the file (what applyFix sends back) */
  uri: string;
  range: WireRange;
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** title of the fix offered, absent when the finding has none */
  fixTitle?: string;
  cost?: { selfMs: number; totalMs: number; share: number };
}

export type ViewKind = 'flame' | 'chart' | 'sandwich' | 'table';

/** What the panel restores when hidden and shown again (also sent to the host in stateChanged). */
export interface WebviewState {
  view: ViewKind;
  onlyMyCode: boolean;
  search: string;
  /** frames from the root to the zoomed frame (frame indexes of the loaded tree) */
  zoomPath: number[];
  /** selected function for the sandwich view, a frame index or -1 */
  sandwichFrame: number;
  tableSort: { key: 'self' | 'total' | 'name' | 'location'; descending: boolean };
  selectedFinding?: string;
}

// ---- host → webview ----
export interface LoadProfileMessage {
  type: 'loadProfile';
  tree: FlameTreeWire | FlameTreePacked;
  meta: ProfileMeta;
  findings: WebviewFinding[];
}
export interface ThemeMessage {
  type: 'theme';
  kind: 'light' | 'dark' | 'highContrast' | 'highContrastLight';
}
/** Highlight the frames of a location (e.g. the editor's current function), or clear with no file. */
export interface HighlightMessage {
  type: 'highlight';
  file?: string;
  /** 1-based line inside the function to highlight */
  line?: number;
  findingId?: string;
}
export type HostToWebviewMessage = LoadProfileMessage | ThemeMessage | HighlightMessage;

// ---- webview → host ----
export interface ReadyMessage {
  type: 'ready';
}
/** Open a frame's source. file is a path (or URL when not a file); line/col 1-based (0 = unknown). */
export interface OpenSourceMessage {
  type: 'openSource';
  file: string;
  line: number;
  col: number;
}
export interface ApplyFixMessage {
  type: 'applyFix';
  findingId: string;
  uri: string;
  range: WireRange;
  ruleId: string;
}
export interface StateChangedMessage {
  type: 'stateChanged';
  state: WebviewState;
}
export type WebviewToHostMessage = ReadyMessage | OpenSourceMessage | ApplyFixMessage | StateChangedMessage;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Shape check for messages arriving in the webview (anything may post to a window). */
export function isHostToWebviewMessage(v: unknown): v is HostToWebviewMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'loadProfile':
      return isObject(v.tree) && isObject(v.meta) && Array.isArray(v.findings);
    case 'theme':
      return typeof v.kind === 'string';
    case 'highlight':
      return (v.file === undefined || typeof v.file === 'string') && (v.line === undefined || typeof v.line === 'number');
    default:
      return false;
  }
}

/** Shape check for messages arriving in the host from the webview (a compromised page must not drive the host). */
export function isWebviewToHostMessage(v: unknown): v is WebviewToHostMessage {
  if (!isObject(v)) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'openSource':
      return typeof v.file === 'string' && Number.isInteger(v.line) && Number.isInteger(v.col);
    case 'applyFix':
      return typeof v.findingId === 'string' && typeof v.uri === 'string' && typeof v.ruleId === 'string' && isObject(v.range);
    case 'stateChanged':
      return isObject(v.state);
    default:
      return false;
  }
}
