/**
 * PerfLens's custom LSP methods, typed once for the server (`connection.onRequest(X.type, …)`)
 * and the VS Code client (`client.sendRequest(X.type, …)`). Standard LSP is preferred wherever
 * it fits; these exist only for what LSP has no method for.
 *
 * vscode-jsonrpc is the one both vscode-languageserver and vscode-languageclient are built on,
 * so these RequestType objects work with either side.
 */
import { RequestType } from 'vscode-jsonrpc';
import type { RuleId } from '../engine/finding';

/** `perflens/analyzeWorkspace`: analyse every file of the workspace now; resolves when done. */
export namespace AnalyzeWorkspaceRequest {
  export const method = 'perflens/analyzeWorkspace' as const;
  export interface Params {
    /** Limit to these workspace folder URIs; default: all folders. */
    folders?: string[];
  }
  export interface Result {
    /** files analysed (skipped files excluded) */
    files: number;
    /** files skipped as binary, too large or minified, or unreadable */
    skipped: number;
    findings: number;
    byRule: Partial<Record<RuleId, number>>;
    durationMs: number;
    /** true when a newer scan or the client cancelled this one before it finished */
    cancelled: boolean;
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/**
 * `perflens/profile`: run a script under the V8 inspector and return what `perflens profile --json`
 * prints. Declared here so the client can call it; the profiler feature registers the handler
 * (see the feature hook in lsp/server.ts). Until then the server answers MethodNotFound.
 */
export namespace ProfileRequest {
  export const method = 'perflens/profile' as const;
  export interface Params {
    /** file:// URI of the script to run */
    uri: string;
    /** arguments passed to the script */
    args?: string[];
    /** overrides of the `perflens.profile.*` settings for this run */
    runtime?: string;
    runtimeArgs?: string[];
    env?: Record<string, string>;
    timeoutMs?: number;
    samplingIntervalUs?: number;
    /** also capture a sampled heap profile */
    heap?: boolean;
  }
  export interface Hotspot {
    file: string;
    /** 1-based */
    line: number;
    selfMs: number;
    totalMs: number;
    /** share of all sampled time, 0..1 */
    share: number;
    /** the functions this line calls that cost the most (top 3 by total time) */
    callees?: Callee[];
  }
  export interface Callee {
    name: string;
    /** '' for natives and V8 pseudo-frames */
    file: string;
    line: number;
    totalMs: number;
    /** 0..1 */
    share: number;
  }
  export interface FunctionCost {
    name: string;
    file: string;
    line: number;
    selfMs: number;
    totalMs: number;
  }
  export interface FindingCost {
    ruleId: RuleId;
    file: string;
    line: number;
    message: string;
    costMs?: number;
    /** share of all sampled time the finding's code took, 0..1 */
    share?: number;
  }
  /** Same shape as `perflens profile --json` (design.md). */
  export interface Result {
    /** path of the saved .cpuprofile */
    profile: string;
    heapProfile?: string;
    durationMs: number;
    hotspots: Hotspot[];
    functions: FunctionCost[];
    findings: FindingCost[];
    /** how the script ended: completed, exit-code, signal, timeout or cancelled, with one sentence */
    exit?: { code: number | null; signal: string | null; reason: string; message: string };
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** Command ids the server executes via `workspace/executeCommand` (listed in executeCommandProvider). */
export const Commands = {
  /** arguments: [href: string] — opens a rule's documentation through `window/showDocument`. */
  openDocs: 'perflens.openDocs',
} as const;

/** Code action kind for "apply every safe PerfLens fix in this file" (on-save friendly). */
export const FIX_ALL_KIND = 'source.fixAll.perflens';
