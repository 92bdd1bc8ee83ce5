/**
 * Messages of a profile run beyond the request itself: the script's output streamed to the client,
 * profiling an npm script, and clearing hotspots. Typed once for server and client.
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { ProfileRequest } from './lsp-methods';

/** `perflens/profileOutput` (server → client): a chunk of the profiled program's stdout/stderr. */
export namespace ProfileOutputNotification {
  export const method = 'perflens/profileOutput' as const;
  export interface Params {
    stream: 'stdout' | 'stderr' | 'info';
    text: string;
  }
  export const type = new NotificationType<Params>(method);
}

/** `perflens/profileNpmScript`: run `npm run <script>` with capture injected into every node process. */
export namespace ProfileNpmScriptRequest {
  export const method = 'perflens/profileNpmScript' as const;
  export interface Params {
    /** file:// URI of the folder holding package.json */
    folderUri: string;
    script: string;
    timeoutMs?: number;
  }
  export interface Result {
    /** one saved .cpuprofile per node process */
    profiles: string[];
    durationMs: number;
    exitCode: number | null;
    reason?: string;
    /** hotspots merged over all processes */
    hotspots: ProfileRequest.Hotspot[];
  }
  export const type = new RequestType<Params, Result, void>(method);
}

/** `perflens/clearHotspots`: forget measured hotspots (inlay hints, lenses, costs in diagnostics). */
export namespace ClearHotspotsRequest {
  export const method = 'perflens/clearHotspots' as const;
  export const type = new RequestType<Record<string, never>, void, void>(method);
}

/** `perflens/loadProfile`: show a saved profile's hotspots in the editor (Open Profile…). */
export namespace LoadProfileRequest {
  export const method = 'perflens/loadProfile' as const;
  export interface Params {
    /** path of a .cpuprofile or .heapprofile */
    path: string;
  }
  export const type = new RequestType<Params, ProfileRequest.Result, void>(method);
}
