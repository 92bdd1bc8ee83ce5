/**
 * The effective configuration of each file: `.perflensrc.json` at its workspace folder's root,
 * overridden by the editor's `perflens.*` settings for that folder (design.md "Configuration").
 * Files outside every folder get the editor's global settings only.
 */
import { dirname, sep } from 'node:path';
import { createIgnoreMatcher, emptyConfig, loadConfig, mergeConfigs, type ConfigProblem, type PerfLensConfig } from '../engine/config';
import { DEFAULT_SETTINGS, type PerfLensSettings } from '../protocol/settings';

export interface EffectiveConfig {
  /** the workspace folder the file is in, if any */
  root: string | undefined;
  config: PerfLensConfig;
  settings: PerfLensSettings;
  isIgnored(path: string): boolean;
}

const GLOBAL = '';

export class WorkspaceConfig {
  private roots: string[] = [];
  private readonly settings = new Map<string, PerfLensSettings>();
  private readonly rc = new Map<string, PerfLensConfig>();
  private readonly effective = new Map<string, EffectiveConfig>();
  /** Bumped on every change: analyses made under an older generation are stale. */
  generation = 0;

  setRoots(roots: string[]): void {
    // longest first, so nested folders win in rootOf
    this.roots = [...new Set(roots)].sort((a, b) => b.length - a.length);
    this.changed();
  }

  allRoots(): readonly string[] {
    return this.roots;
  }

  rootOf(path: string): string | undefined {
    return this.roots.find((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  /** The workspace folder a file is in (alias of rootOf, for features). */
  folderOf(path: string): string | undefined {
    return this.rootOf(path);
  }

  /** (Re)reads `.perflensrc.json` at a root; returns its problems for the log. */
  loadRc(root: string): ConfigProblem[] {
    const { config, problems } = loadConfig(root);
    this.rc.set(root, config);
    this.changed();
    return problems;
  }

  /** The root whose `.perflensrc.json` this is, if it is one we read. */
  rootOfRcFile(path: string): string | undefined {
    const dir = dirname(path);
    return this.roots.find((r) => r === dir);
  }

  /** Settings from the editor for one root (or for files outside every root when root is undefined). */
  setSettings(root: string | undefined, settings: PerfLensSettings): void {
    this.settings.set(root ?? GLOBAL, settings);
    this.changed();
  }

  settingsFor(path: string | undefined): PerfLensSettings {
    const root = path === undefined ? undefined : this.rootOf(path);
    return this.settings.get(root ?? GLOBAL) ?? this.settings.get(GLOBAL) ?? DEFAULT_SETTINGS;
  }

  /** Global-ish settings (trace level, scan switch): the global ones, else the first folder's. */
  primarySettings(): PerfLensSettings {
    return this.settings.get(GLOBAL) ?? (this.roots[0] ? this.settings.get(this.roots[0]) : undefined) ?? DEFAULT_SETTINGS;
  }

  effectiveFor(path: string): EffectiveConfig {
    const root = this.rootOf(path);
    const key = root ?? GLOBAL;
    let eff = this.effective.get(key);
    if (!eff) {
      const settings = this.settingsFor(path);
      const fromEditor: PerfLensConfig = { rules: settings.rules, ignore: settings.ignore };
      const config = mergeConfigs(root ? (this.rc.get(root) ?? emptyConfig()) : emptyConfig(), fromEditor);
      eff = { root, config, settings, isIgnored: createIgnoreMatcher(root ?? sep, config) };
      this.effective.set(key, eff);
    }
    return eff;
  }

  private changed(): void {
    this.effective.clear();
    this.generation++;
  }
}
