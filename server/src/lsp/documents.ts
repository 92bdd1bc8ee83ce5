/**
 * Open documents: analysed on open and on every change (see analysis.ts for the scheduling).
 * On close, a file of the workspace that exists on disk goes back to its disk text (the buffer may
 * have been discarded unsaved); any other file (untitled, deleted, outside every folder) leaves the
 * analysis and its diagnostics are cleared.
 */
import { existsSync } from 'node:fs';
import type { Connection } from 'vscode-languageserver';
import { guardVoid } from './guard';
import type { ServerFeature, Services } from './services';
import { uriToPath } from './uris';

export const documentsFeature: ServerFeature = {
  name: 'documents',
  register(_connection: Connection, services: Services) {
    const { documents, analyzer, uris, config, host, log } = services;
    // onDidChangeContent also fires when a document opens.
    documents.onDidChangeContent(
      guardVoid(log, 'textDocument/didChange', (e) => {
        const path = uriToPath(e.document.uri);
        if (!path) return;
        uris.remember(path, e.document.uri);
        analyzer.documentChanged(path);
      }),
    );
    documents.onDidClose(
      guardVoid(log, 'textDocument/didClose', (e) => {
        const path = uriToPath(e.document.uri);
        if (!path) return;
        if (config.rootOf(path) && existsSync(path)) {
          analyzer.fileChangedOnDisk(path);
          return;
        }
        const dependents = host.dependentsOf(path);
        analyzer.forget(path);
        host.removeFile(path);
        uris.forget(path);
        analyzer.schedule(dependents);
      }),
    );
  },
};
