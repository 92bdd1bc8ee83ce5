/** Reads `perflens.*` from VS Code into the typed settings the server also uses. */
import * as vscode from 'vscode';
import { normalizeSettings, SETTINGS_SECTION, type PerfLensSettings } from '../../server/src/protocol/settings';

export function readSettings(scope?: vscode.ConfigurationScope): PerfLensSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const raw = {
    rules: c.get('rules'),
    ignore: c.get('ignore'),
    trace: { server: c.get('trace.server') },
    hotspots: { display: c.get('hotspots.display') },
    profile: {
      runtime: c.get('profile.runtime'),
      args: c.get('profile.args'),
      env: c.get('profile.env'),
      timeoutMs: c.get('profile.timeoutMs'),
      samplingIntervalUs: c.get('profile.samplingIntervalUs'),
    },
    workspaceScan: c.get('workspaceScan'),
  };
  return normalizeSettings(raw).settings;
}
