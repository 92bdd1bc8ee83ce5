/**
 * Keeps the project host in step with the workspace's shape: a tsconfig.json/jsconfig.json that is
 * changed, created or deleted on disk (workspace/didChangeWatchedFiles; configuration.ts owns that
 * handler and forwards these files here) rebuilds that project and re-analyses its files; workspace
 * folders added or removed (workspace/didChangeWorkspaceFolders) load or drop their projects, clear
 * the diagnostics of a removed folder and rescan.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { DidChangeWatchedFilesNotification, type WorkspaceFoldersChangeEvent } from 'vscode-languageserver';
import { loadAllConfiguration } from './configuration';
import { guardVoid } from './guard';
import type { ServerFeature, Services } from './services';
import { uriToPath } from './uris';

const PROJECT_CONFIG_NAMES = new Set(['tsconfig.json', 'jsconfig.json']);

export function isProjectConfigFile(path: string): boolean {
  return PROJECT_CONFIG_NAMES.has(basename(path));
}

export const projectWatchFeature: ServerFeature = {
  name: 'project-watch',
  capabilities: () => ({ workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }),
  register() {
    // the notifications are subscribed in ready(): the folder event exists only once the client said it sends it
  },
  async ready(services: Services) {
    const { connection, log, client } = services;
    const caps = client.capabilities.workspace;
    if (caps?.didChangeWatchedFiles?.dynamicRegistration) {
      await connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/{tsconfig,jsconfig}.json' }] })
        .catch((e: unknown) => log.trace(String(e)));
    }
    if (caps?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(guardVoid(log, 'workspace/didChangeWorkspaceFolders', (e: WorkspaceFoldersChangeEvent) => foldersChanged(services, e)));
    }
  },
};

/** A tsconfig.json/jsconfig.json changed on disk: rebuild its project, re-analyse what it holds (or held). */
export function projectConfigChanged(services: Services, configPath: string): void {
  const { analyzer, config, host, log, documents, uris } = services;
  if (!config.rootOf(configPath)) return;
  const t0 = performance.now();
  const affected = host.reloadConfig(configPath);
  for (const p of host.problems) if (p.file === configPath) log.problem(p.code, p.file, p.message);
  log.info(`${configPath} changed: project reloaded in ${Math.round(performance.now() - t0)} ms, ${affected.length} file(s) to re-analyse`);
  const open: string[] = [];
  const onDisk: string[] = [];
  for (const path of affected) (documents.get(uris.uriOf(path)) ? open : onDisk).push(path);
  for (const path of open) analyzer.documentChanged(path);
  for (const path of onDisk) analyzer.fileChangedOnDisk(path);
}

async function foldersChanged(services: Services, event: WorkspaceFoldersChangeEvent): Promise<void> {
  const { analyzer, config, host, log, documents, uris } = services;
  const toPaths = (folders: readonly { uri: string }[]): string[] => folders.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
  const removed = new Set(toPaths(event.removed));
  const added = toPaths(event.added).filter((p) => existsSync(p) && !config.allRoots().includes(p));
  config.setRoots([...config.allRoots().filter((r) => !removed.has(r)), ...added]);
  for (const root of removed) {
    for (const path of host.removeRoot(root)) if (!documents.get(uris.uriOf(path))) analyzer.forget(path);
    // diagnostics published for files of the folder that the host never held (skipped files)
    for (const uri of analyzer.publishedUris()) {
      const path = analyzer.resultFor(uri)?.path;
      if (path && !config.rootOf(path) && !documents.get(uri)) analyzer.forget(path);
    }
  }
  for (const root of added) host.addRoot(root);
  for (const p of host.problems) if (added.some((r) => p.file.startsWith(r))) log.problem(p.code, p.file, p.message);
  log.info(`workspace folders changed: +${added.length} -${removed.size}; now ${config.allRoots().length}`);
  await loadAllConfiguration(services);
  services.fireConfigChanged(); // re-analyses open documents and rescans the workspace
}
