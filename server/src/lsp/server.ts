/**
 * The PerfLens language server: wiring only. Each LSP feature is a module exporting a
 * `ServerFeature` (services.ts) and is listed in FEATURES below.
 *
 * ## Adding a feature (the hook)
 * 1. Write `lsp/<name>.ts` exporting
 *      export const myFeature: ServerFeature = {
 *        name: 'hotspot-hints',
 *        capabilities: (client) => ({ inlayHintProvider: true, codeLensProvider: { resolveProvider: false } }),
 *        register(connection, services) {
 *          connection.languages.inlayHint.on(guard(services.log, 'inlayHint', [], (params) => …));
 *          services.analyzer.onDidAnalyze((result) => …);   // findings of a file changed
 *          services.onConfigChanged(() => …);              // settings / .perflensrc.json changed
 *          services.commands.set('perflens.someCommand', (args) => …);
 *        },
 *        ready(services) { … },  // optional: after `initialized`, config and folders loaded
 *      };
 * 2. Add it to FEATURES. Wrap every handler in `guard` (guard.ts) so a throw is logged (PL2001)
 *    and answered with an empty result instead of killing the server.
 * Rules: LSP allows one handler per method, so a method belongs to one feature (codeAction →
 * code-actions.ts, executeCommand → this file via services.commands). Document events go through
 * `services.documents.onDidX` (they allow many listeners), never connection.onDidOpenTextDocument.
 * Custom request types live in protocol/lsp-methods.ts (e.g. `ProfileRequest`: its handler
 * belongs to the profiler's feature).
 */
import {
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { existsSync } from 'node:fs';
import { ProjectHost } from '../engine/project-host';
import { ALL_RULES } from '../rules/index';
import type { Rule } from '../rules/rule';
import { VERSION } from '../version';
import { Analyzer } from './analysis';
import { codeActionsFeature } from './code-actions';
import { configurationFeature, loadAllConfiguration } from './configuration';
import { documentsFeature } from './documents';
import { guard, guardVoid } from './guard';
import { Logger } from './log';
import { requestsFeature } from './requests';
import { profileFeature } from './profile-feature';
import { projectWatchFeature } from './project-watch';
import type { ServerFeature, Services } from './services';
import { UriMap, uriToPath } from './uris';
import { WorkspaceConfig } from './workspace-config';
import { WorkspaceScanner } from './workspace-scan';

export const FEATURES: ServerFeature[] = [documentsFeature, configurationFeature, codeActionsFeature, requestsFeature, profileFeature, projectWatchFeature];

export interface ServerOptions {
  rules?: readonly Rule[];
  features?: ServerFeature[];
}

export function startServer(connection: Connection, options: ServerOptions = {}): Services {
  const log = new Logger(connection);
  const documents = new TextDocuments(TextDocument);
  const config = new WorkspaceConfig();
  const uris = new UriMap();
  const host = new ProjectHost();
  const rules = options.rules ?? ALL_RULES;
  const features = options.features ?? FEATURES;
  const client = { capabilities: {} as ClientCapabilities };
  const analyzer = new Analyzer({ connection, documents, host, config, uris, log, rules });
  const isOpen = (path: string): boolean => documents.get(uris.uriOf(path)) !== undefined;
  const scanner = new WorkspaceScanner({
    connection,
    analyzer,
    config,
    uris,
    log,
    isOpen,
    supportsProgress: () => client.capabilities.window?.workDoneProgress === true,
  });
  const configListeners: (() => void)[] = [];
  const services: Services = {
    connection,
    documents,
    host,
    rules,
    config,
    uris,
    log,
    analyzer,
    scanner,
    commands: new Map(),
    client,
    onConfigChanged: (l) => configListeners.push(l),
    fireConfigChanged: () => {
      for (const l of configListeners) l();
    },
  };
  let ready = false;
  services.onConfigChanged(() => {
    if (!ready) return;
    for (const doc of documents.all()) {
      const path = uriToPath(doc.uri);
      if (path) analyzer.documentChanged(path);
    }
    if (config.primarySettings().workspaceScan) {
      void scanner.start();
      return;
    }
    scanner.cancel();
    // scan switched off: only open documents keep diagnostics
    for (const uri of analyzer.publishedUris()) {
      const r = analyzer.resultFor(uri);
      if (r && !isOpen(r.path)) analyzer.forget(r.path);
    }
  });

  for (const f of features) f.register(connection, services);

  connection.onInitialize(
    guard(log, 'initialize', { capabilities: {} } as InitializeResult, (params: InitializeParams): InitializeResult => {
      client.capabilities = params.capabilities;
      config.setRoots(workspaceRoots(params));
      let capabilities: ServerCapabilities = {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        executeCommandProvider: { commands: [...services.commands.keys()] },
      };
      for (const f of features) if (f.capabilities) capabilities = { ...capabilities, ...f.capabilities(params.capabilities) };
      return { capabilities, serverInfo: { name: 'perflens', version: VERSION } };
    }),
  );

  connection.onInitialized(
    guardVoid(log, 'initialized', async () => {
      await loadAllConfiguration(services);
      const roots = config.allRoots();
      const t0 = performance.now();
      for (const root of roots) host.addRoot(root);
      for (const p of host.problems) log.problem(p.code, p.file, p.message);
      log.info(`perflens ${VERSION}: ${roots.length} workspace folder(s), projects loaded in ${Math.round(performance.now() - t0)} ms`);
      ready = true;
      analyzer.start();
      for (const f of features) await f.ready?.(services);
      if (config.primarySettings().workspaceScan) void scanner.start();
    }),
  );

  connection.onExecuteCommand(
    guard(log, 'workspace/executeCommand', null, async (params) => {
      const handler = services.commands.get(params.command);
      if (!handler) {
        log.info(`unknown command ${params.command}`);
        return null;
      }
      return (await handler(params.arguments ?? [])) ?? null;
    }),
  );

  connection.onShutdown(() => scanner.cancel());

  documents.listen(connection);
  connection.listen();
  return services;
}

function workspaceRoots(params: InitializeParams): string[] {
  const fromFolders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
  if (fromFolders.length) return fromFolders.filter((p) => existsSync(p));
  const fromRoot = params.rootUri ? uriToPath(params.rootUri) : (params.rootPath ?? undefined);
  return fromRoot && existsSync(fromRoot) ? [fromRoot] : [];
}
