/** The last profile run as the client knows it; views (decorations, tree, panel) subscribe to it. */
import * as vscode from 'vscode';
import type { ProfileRequest } from '../../server/src/protocol/lsp-methods';

export interface ProfileRun {
  result: ProfileRequest.Result;
  /** the profiled script, for titles */
  script: string;
  finishedAt: Date;
}

export class ProfileState implements vscode.Disposable {
  private current: ProfileRun | undefined;
  private readonly emitter = new vscode.EventEmitter<ProfileRun | undefined>();
  readonly onDidChange = this.emitter.event;

  get last(): ProfileRun | undefined {
    return this.current;
  }

  set(run: ProfileRun | undefined): void {
    this.current = run;
    this.emitter.fire(run);
  }

  /** Hotspots of one file (by fs path), hottest first. */
  hotspotsOf(fsPath: string): ProfileRequest.Hotspot[] {
    const norm = fsPath.replace(/\\/g, '/');
    return (this.current?.result.hotspots ?? []).filter((h) => h.file.replace(/\\/g, '/') === norm);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
