/**
 * `textDocument/codeAction` (issue 3): for each PerfLens finding in the range, its fixes (safe ones
 * preferred, suggestions titled as such), "Disable <id> for this line" and "Show documentation for
 * <id>"; and `source.fixAll.perflens`, every safe fix of the document without overlapping edits.
 *
 * Actions are derived from the analysis of one exact (uri, version) and cached on it. A request whose
 * diagnostics came from an older version, or a document that changes while we wait, gets nothing:
 * edits computed for other text would corrupt it. Edits carry the document version
 * (`documentChanges`) when the client supports it, so the client refuses them if it moved on too.
 */
import { CodeActionKind, type CancellationToken, type CodeAction, type CodeActionParams, type Connection, type Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Range } from '../engine/finding';
import { Commands, FIX_ALL_KIND } from '../protocol/lsp-methods';
import type { AnalysisResult } from './analysis';
import { diagnosticData, isPerfLensDiagnostic } from './diagnostics';
import { ruleDocHref } from './docs-link';
import { nonOverlappingFixes, toWorkspaceEdit, type EditTarget } from './fix-edits';
import { guard } from './guard';
import type { ServerFeature, Services } from './services';
import { pathToUri } from './uris';

interface FindingActions {
  finding: Finding;
  diagnostic: Diagnostic;
  actions: CodeAction[];
}

interface DocumentActions {
  perFinding: FindingActions[];
  fixAll: CodeAction | undefined;
}

const CACHE_KEY = 'codeActions';

export const codeActionsFeature: ServerFeature = {
  name: 'code-actions',
  capabilities: () => ({
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
  }),
  register(connection: Connection, services: Services) {
    connection.onCodeAction(guard(services.log, 'textDocument/codeAction', [], (params, token) => codeActions(services, params, token)));
  },
};

async function codeActions(services: Services, params: CodeActionParams, token: CancellationToken): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const doc = services.documents.get(uri);
  if (!doc) return [];
  const version = doc.version;
  const ours = params.context.diagnostics.filter(isPerfLensDiagnostic);
  if (ours.some((d) => { const data = diagnosticData(d); return data !== undefined && data.version !== version; })) {
    services.log.trace(`codeAction for ${uri}: diagnostics are from an older version than v${version}; no actions`);
    return [];
  }
  const result = await services.analyzer.waitFor(uri, version, token);
  if (!result || token.isCancellationRequested || services.documents.get(uri)?.version !== version) return [];

  const all = documentActions(services, result, doc);
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));

  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    for (const fa of all.perFinding) {
      if (overlaps(fa.finding.range, params.range) || ours.some((d) => sameDiagnostic(d, fa.diagnostic))) out.push(...fa.actions);
    }
  }
  if (all.fixAll && only && wants(FIX_ALL_KIND)) out.push(all.fixAll);
  return out;
}

function documentActions(services: Services, result: AnalysisResult, doc: TextDocument): DocumentActions {
  const cached = result.derived.get(CACHE_KEY) as DocumentActions | undefined;
  if (cached) return cached;
  const useDocumentChanges = services.client.capabilities.workspace?.workspaceEdit?.documentChanges === true;
  const snapshot = TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText());
  const targetOf = (path: string): EditTarget | undefined => {
    if (path === result.path) return { uri: result.uri, version: result.version, doc: snapshot };
    const uri = services.uris.uriOf(path);
    const open = services.documents.get(uri);
    if (open) return { uri, version: open.version, doc: open };
    const text = services.host.getSourceFile(path)?.getFullText();
    return text === undefined ? undefined : { uri: pathToUri(path), version: null, doc: TextDocument.create(uri, 'typescript', 0, text) };
  };

  const perFinding: FindingActions[] = result.findings.map((finding, i) => {
    const diagnostic = result.diagnostics[i]!;
    const actions: CodeAction[] = [];
    let preferredGiven = false;
    for (const fix of finding.fixes) {
      const edit = toWorkspaceEdit(fix.edits, targetOf, useDocumentChanges);
      if (!edit) continue;
      const safe = fix.kind === 'safe';
      actions.push({
        title: safe ? fix.title : `${fix.title} (suggestion: review, may change behaviour)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: safe && !preferredGiven ? true : undefined,
        edit,
      });
      if (safe) preferredGiven = true;
    }
    const disable = disableForLine(snapshot, finding);
    const disableEdit = toWorkspaceEdit([{ file: result.path, ...disable }], targetOf, useDocumentChanges);
    if (disableEdit) {
      actions.push({ title: `Disable ${finding.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: disableEdit });
    }
    const href = ruleDocHref(finding.ruleId);
    const docsTitle = `Show documentation for ${finding.ruleId}`;
    actions.push({ title: docsTitle, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: docsTitle, command: Commands.openDocs, arguments: [href] } });
    return { finding, diagnostic, actions };
  });

  const safeFixes = result.findings.flatMap((f) => f.fixes.filter((x) => x.kind === 'safe'));
  const { chosen, edits } = nonOverlappingFixes(safeFixes);
  const fixAllEdit = chosen.length ? toWorkspaceEdit(edits, targetOf, useDocumentChanges) : undefined;
  const fixAll: CodeAction | undefined = fixAllEdit
    ? { title: `Fix all safe PerfLens problems (${chosen.length})`, kind: FIX_ALL_KIND, edit: fixAllEdit }
    : undefined;

  const actions: DocumentActions = { perFinding, fixAll };
  result.derived.set(CACHE_KEY, actions);
  return actions;
}

const DISABLE_COMMENT = /^(\s*\/\/\s*perflens-disable-next-line\b[^\n\r]*?)\s*$/;

/** Inserts `// perflens-disable-next-line <id>` above the finding's line, or adds the id to one already there. */
function disableForLine(doc: TextDocument, finding: Finding): { start: number; end: number; newText: string } {
  const line = finding.range.start.line;
  const text = doc.getText();
  const lineStart = doc.offsetAt({ line, character: 0 });
  const lineText = lineAt(doc, line);
  if (line > 0) {
    const prev = lineAt(doc, line - 1);
    const m = DISABLE_COMMENT.exec(prev);
    if (m) {
      const end = doc.offsetAt({ line: line - 1, character: m[1]!.length });
      return { start: end, end, newText: `, ${finding.ruleId}` };
    }
  }
  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, newText: `${indent}// perflens-disable-next-line ${finding.ruleId}${eol}` };
}

function lineAt(doc: TextDocument, line: number): string {
  const start = doc.offsetAt({ line, character: 0 });
  const end = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : doc.getText().length;
  return doc.getText().slice(start, end).replace(/\r?\n$/, '');
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']): boolean => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
