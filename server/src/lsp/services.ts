/**
 * What every server feature gets: the connection, the open documents, the engine host, the
 * configuration, the analyzer and a command registry. Features are registered in server.ts.
 */
import type { ClientCapabilities, Connection, ServerCapabilities, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProjectHost } from '../engine/project-host';
import type { Rule } from '../rules/rule';
import type { Analyzer } from './analysis';
import type { Logger } from './log';
import type { UriMap } from './uris';
import type { WorkspaceConfig } from './workspace-config';
import type { WorkspaceScanner } from './workspace-scan';

export type CommandHandler = (args: unknown[]) => unknown;

export interface Services {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  host: ProjectHost;
  rules: readonly Rule[];
  config: WorkspaceConfig;
  uris: UriMap;
  log: Logger;
  analyzer: Analyzer;
  scanner: WorkspaceScanner;
  /** `workspace/executeCommand` handlers by command id; listed in executeCommandProvider. */
  commands: Map<string, CommandHandler>;
  /** Filled in by `initialize`; empty before. */
  client: { capabilities: ClientCapabilities };
  /** Re-read configuration has changed: re-analyse open documents and rescan the workspace. */
  onConfigChanged(listener: () => void): void;
  fireConfigChanged(): void;
}

/**
 * A server feature (the hook other engineers use, see server.ts). `register` runs once, before the
 * connection listens: add handlers there (connection.onX, documents.onX, services.commands.set,
 * services.analyzer.onDidAnalyze, services.onConfigChanged). `capabilities` is merged into the
 * `initialize` result.
 */
export interface ServerFeature {
  name: string;
  capabilities?(client: ClientCapabilities): ServerCapabilities;
  register(connection: Connection, services: Services): void;
  /** After `initialized`, the configuration and the workspace folders are loaded. */
  ready?(services: Services): void | Promise<void>;
}
