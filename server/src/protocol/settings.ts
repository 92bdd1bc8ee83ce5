/**
 * The `perflens.*` settings, shared by the VS Code client (package.json `contributes.configuration`
 * mirrors these names) and the server (`workspace/configuration`, section `perflens`).
 *
 * Precedence, per workspace folder: built-in defaults < `.perflensrc.json` at the folder root <
 * these settings. Only settings the user actually set should override the rc file, so the client's
 * package.json defaults must be "empty" (`rules: {}`, `ignore: []`).
 *
 * Pure types and a normaliser: no LSP, no vscode imports (the webview may read the display mode).
 */
import { isRuleId, type RuleId } from '../engine/finding';
import type { RuleSetting } from '../engine/config';

export type TraceLevel = 'off' | 'messages' | 'verbose';
export type HotspotDisplay = 'inlay' | 'heatbar' | 'both' | 'off';

export interface ProfileSettings {
  /** Runtime executable for `Profile Current Script` (default `node`). */
  runtime: string;
  /** Extra runtime arguments, placed before the script. */
  args: string[];
  /** Extra environment variables for the profiled process. */
  env: Record<string, string>;
  /** Kill the profiled process after this many milliseconds. */
  timeoutMs: number;
  /** V8 CPU sampling interval in microseconds. */
  samplingIntervalUs: number;
}

export interface PerfLensSettings {
  /** Per-rule severity or `off`; merged over `.perflensrc.json` `rules`. */
  rules: Partial<Record<RuleId, RuleSetting>>;
  /** Extra ignore globs (relative to the workspace folder); added to `.perflensrc.json` `ignore`. */
  ignore: string[];
  /** `perflens.trace.server`: `verbose` logs each analysis with its timing. */
  trace: { server: TraceLevel };
  /** How measured hotspots are shown in the editor after a profile run. */
  hotspots: { display: HotspotDisplay };
  profile: ProfileSettings;
  /** `perflens.workspaceScan`: analyse every file of the workspace in the background, not only open ones. */
  workspaceScan: boolean;
}

export const SETTINGS_SECTION = 'perflens';

export const DEFAULT_SETTINGS: PerfLensSettings = Object.freeze({
  rules: {},
  ignore: [],
  trace: { server: 'off' },
  hotspots: { display: 'inlay' },
  profile: { runtime: 'node', args: [], env: {}, timeoutMs: 60_000, samplingIntervalUs: 1_000 },
  workspaceScan: true,
}) as PerfLensSettings;

const RULE_SETTINGS: readonly string[] = ['off', 'error', 'warning', 'info', 'hint'];
const TRACE_LEVELS: readonly string[] = ['off', 'messages', 'verbose'];
const DISPLAYS: readonly string[] = ['inlay', 'heatbar', 'both', 'off'];

/**
 * Turns whatever the client sent (possibly partial, possibly wrong types) into complete settings.
 * Never throws: bad values fall back to the default and are reported in `problems`.
 */
export function normalizeSettings(raw: unknown): { settings: PerfLensSettings; problems: string[] } {
  const problems: string[] = [];
  const obj = isObject(raw) ? raw : {};
  const d = DEFAULT_SETTINGS;

  const rules: PerfLensSettings['rules'] = {};
  if (isObject(obj.rules)) {
    for (const [id, value] of Object.entries(obj.rules)) {
      if (!isRuleId(id)) problems.push(`perflens.rules: unknown rule "${id}"`);
      else if (typeof value === 'string' && RULE_SETTINGS.includes(value)) rules[id] = value as RuleSetting;
      else problems.push(`perflens.rules.${id}: expected one of ${RULE_SETTINGS.join(', ')}`);
    }
  }
  const ignore = stringArray(obj.ignore, 'perflens.ignore', problems) ?? [];
  const trace = isObject(obj.trace) ? obj.trace : {};
  const hotspots = isObject(obj.hotspots) ? obj.hotspots : {};
  const profile = isObject(obj.profile) ? obj.profile : {};
  const env: Record<string, string> = {};
  if (isObject(profile.env)) for (const [k, v] of Object.entries(profile.env)) if (typeof v === 'string') env[k] = v;

  return {
    settings: {
      rules,
      ignore,
      trace: { server: oneOf(trace.server, TRACE_LEVELS, d.trace.server) as TraceLevel },
      hotspots: { display: oneOf(hotspots.display, DISPLAYS, d.hotspots.display) as HotspotDisplay },
      profile: {
        runtime: typeof profile.runtime === 'string' && profile.runtime.trim() ? profile.runtime : d.profile.runtime,
        args: stringArray(profile.args, 'perflens.profile.args', problems) ?? [],
        env,
        timeoutMs: positiveNumber(profile.timeoutMs, d.profile.timeoutMs),
        samplingIntervalUs: positiveNumber(profile.samplingIntervalUs, d.profile.samplingIntervalUs),
      },
      workspaceScan: typeof obj.workspaceScan === 'boolean' ? obj.workspaceScan : d.workspaceScan,
    },
    problems,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf(v: unknown, allowed: readonly string[], fallback: string): string {
  return typeof v === 'string' && allowed.includes(v) ? v : fallback;
}

function positiveNumber(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function stringArray(v: unknown, name: string, problems: string[]): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  problems.push(`${name}: expected an array of strings`);
  return undefined;
}
