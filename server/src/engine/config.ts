/** `.perflensrc.json`: rule severity/off and ignore globs, shared by the CLI and the server. */
import { readFileSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isRuleId, type RuleId, type Severity } from './finding';

export type RuleSetting = Severity | 'off';

export interface PerfLensConfig {
  rules: Partial<Record<RuleId, RuleSetting>>;
  ignore: string[];
}

export interface ConfigProblem {
  code: 'PL1007' | 'PL1008';
  message: string;
}

export const DEFAULT_IGNORES = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/*.d.ts',
  '**/*.d.mts',
  '**/*.d.cts',
  '**/*.min.js',
  '**/*.bundle.js',
  '**/generated/**',
];

export const CONFIG_FILE = '.perflensrc.json';
const SETTINGS: readonly string[] = ['off', 'error', 'warning', 'info', 'hint'];

export function emptyConfig(): PerfLensConfig {
  return { rules: {}, ignore: [] };
}

/** Parses config text; never throws: problems are returned beside the usable part. */
export function parseConfig(text: string, source = CONFIG_FILE): { config: PerfLensConfig; problems: ConfigProblem[] } {
  const config = emptyConfig();
  const problems: ConfigProblem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    problems.push({ code: 'PL1007', message: `${source}: not valid JSON (${(err as Error).message})` });
    return { config, problems };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({ code: 'PL1007', message: `${source}: expected an object` });
    return { config, problems };
  }
  const obj = raw as Record<string, unknown>;
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null) {
      problems.push({ code: 'PL1007', message: `${source}: "rules" must be an object` });
    } else {
      for (const [id, value] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!isRuleId(id)) {
          problems.push({ code: 'PL1008', message: `${source}: unknown rule "${id}"` });
          continue;
        }
        const setting = Array.isArray(value) ? value[0] : value;
        if (typeof setting !== 'string' || !SETTINGS.includes(setting)) {
          problems.push({ code: 'PL1007', message: `${source}: rule "${id}" must be one of ${SETTINGS.join(', ')}` });
          continue;
        }
        config.rules[id] = setting as RuleSetting;
      }
    }
  }
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((g) => typeof g !== 'string')) {
      problems.push({ code: 'PL1007', message: `${source}: "ignore" must be an array of glob strings` });
    } else {
      config.ignore = obj.ignore as string[];
    }
  }
  return { config, problems };
}

export function loadConfig(root: string): { config: PerfLensConfig; problems: ConfigProblem[] } {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) return { config: emptyConfig(), problems: [] };
  try {
    return parseConfig(readFileSync(path, 'utf8'), path);
  } catch (err) {
    return { config: emptyConfig(), problems: [{ code: 'PL1007', message: `${path}: ${(err as Error).message}` }] };
  }
}

/** Later configs win per rule; ignores add up. */
export function mergeConfigs(...configs: PerfLensConfig[]): PerfLensConfig {
  const merged = emptyConfig();
  for (const c of configs) {
    Object.assign(merged.rules, c.rules);
    merged.ignore.push(...c.ignore);
  }
  return merged;
}

export function createIgnoreMatcher(root: string, config: PerfLensConfig): (absPath: string) => boolean {
  const isMatch = picomatch([...DEFAULT_IGNORES, ...config.ignore], { dot: true });
  return (absPath) => {
    const rel = relative(root, absPath).split(sep).join('/');
    if (rel.startsWith('../')) return isMatch(absPath.split(sep).join('/'));
    return isMatch(rel) || isMatch(`/${rel}`);
  };
}
