/**
 * Configuration: `perflens.*` from the editor (`workspace/configuration` pull per folder, or the
 * settings pushed with `workspace/didChangeConfiguration` by clients without pull), `.perflensrc.json`
 * at each folder root, and files changed on disk (`workspace/didChangeWatchedFiles`).
 * Any change re-analyses open documents and rescans the workspace.
 */
import { basename } from 'node:path';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams,
} from 'vscode-languageserver';
import { CONFIG_FILE } from '../engine/config';
import { isSourceFile } from '../engine/files';
import { normalizeSettings, SETTINGS_SECTION } from '../protocol/settings';
import { guardVoid } from './guard';
import { isProjectConfigFile, projectConfigChanged } from './project-watch';
import type { ServerFeature, Services } from './services';
import { pathToUri, uriToPath } from './uris';

export const configurationFeature: ServerFeature = {
  name: 'configuration',
  register(connection: Connection, services: Services) {
    connection.onDidChangeConfiguration(
      guardVoid(services.log, 'workspace/didChangeConfiguration', async (params: DidChangeConfigurationParams) => {
        await loadSettings(services, params.settings);
        services.fireConfigChanged();
      }),
    );
    connection.onDidChangeWatchedFiles(
      guardVoid(services.log, 'workspace/didChangeWatchedFiles', (params: DidChangeWatchedFilesParams) => onWatchedFiles(services, params)),
    );
  },
  async ready(services: Services) {
    const caps = services.client.capabilities.workspace;
    const { connection, log } = services;
    if (caps?.didChangeConfiguration?.dynamicRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((e: unknown) => log.trace(String(e)));
    }
    if (caps?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}' }],
        })
        .catch((e: unknown) => log.trace(String(e)));
    }
  },
};

/** Reads `.perflensrc.json` of every root and the editor settings; logs problems of both. */
export async function loadAllConfiguration(services: Services, pushed?: unknown): Promise<void> {
  for (const root of services.config.allRoots()) {
    for (const p of services.config.loadRc(root)) services.log.problem(p.code, root, p.message);
  }
  await loadSettings(services, pushed);
}

async function loadSettings(services: Services, pushed: unknown): Promise<void> {
  const { config, connection, log } = services;
  const roots = config.allRoots();
  let rawGlobal: unknown;
  let rawPerRoot: unknown[] = [];
  if (services.client.capabilities.workspace?.configuration) {
    try {
      const items = [{ section: SETTINGS_SECTION }, ...roots.map((r) => ({ scopeUri: pathToUri(r), section: SETTINGS_SECTION }))];
      const values: unknown[] = await connection.workspace.getConfiguration(items);
      [rawGlobal, ...rawPerRoot] = values;
    } catch (err) {
      log.trace(`workspace/configuration failed: ${String(err)}`);
    }
  } else if (isObject(pushed)) {
    rawGlobal = pushed[SETTINGS_SECTION];
  }
  const apply = (root: string | undefined, raw: unknown): void => {
    const { settings, problems } = normalizeSettings(raw);
    for (const p of problems) log.problem('PL2002', root ?? 'settings', p);
    config.setSettings(root, settings);
  };
  apply(undefined, rawGlobal);
  roots.forEach((root, i) => apply(root, rawPerRoot[i] ?? rawGlobal));
  log.setTrace(config.primarySettings().trace.server);
}

function onWatchedFiles(services: Services, params: DidChangeWatchedFilesParams): void {
  const { analyzer, config, host, log, documents, uris } = services;
  let configChanged = false;
  for (const change of params.changes) {
    const path = uriToPath(change.uri);
    if (!path) continue;
    if (basename(path) === CONFIG_FILE) {
      const root = config.rootOfRcFile(path);
      if (!root) continue;
      for (const p of config.loadRc(root)) log.problem(p.code, root, p.message);
      log.info(`${path} changed: re-analysing`);
      configChanged = true;
      continue;
    }
    if (isProjectConfigFile(path)) {
      projectConfigChanged(services, path); // project-watch.ts: rebuild that project
      continue;
    }
    if (!isSourceFile(path) || documents.get(uris.uriOf(path))) continue; // open files follow their buffer
    if (change.type === FileChangeType.Deleted) {
      const dependents = host.dependentsOf(path);
      analyzer.forget(path);
      host.removeFile(path);
      analyzer.schedule(dependents);
    } else if (config.rootOf(path)) {
      analyzer.fileChangedOnDisk(path);
    }
  }
  if (configChanged) services.fireConfigChanged();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
