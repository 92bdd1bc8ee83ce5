/** The PerfLens log: one LogOutputChannel (users pick the level with "Developer: Set Log Level"). */
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('PerfLens', { log: true });
  return channel;
}
