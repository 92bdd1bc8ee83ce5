/**
 * Finding → LSP Diagnostic (design.md "Finding → diagnostic"): source "perflens", code = rule id,
 * codeDescription.href = the rule's doc, the finding's one-sentence message, related locations,
 * severity from config, and `data` carrying the facts plus the document version it was computed
 * for (code actions use that to refuse stale requests).
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { Finding, Severity } from '../engine/finding';
import { ruleDocHref } from './docs-link';
import type { UriMap } from './uris';

export const DIAGNOSTIC_SOURCE = 'perflens';

/** What we put in Diagnostic.data; clients echo it back in codeAction requests. */
export interface DiagnosticData {
  /** the document version the diagnostic was computed for (null: file not open) */
  version: number | null;
  ruleId: string;
  facts?: Record<string, unknown>;
  cost?: Finding['cost'];
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, version: number | null, uris: UriMap): Diagnostic {
  const data: DiagnosticData = { version, ruleId: f.ruleId };
  if (f.data) data.facts = f.data;
  if (f.cost) data.cost = f.cost;
  const related: DiagnosticRelatedInformation[] = f.related.map((r) => ({
    location: { uri: uris.uriOf(r.file), range: r.range },
    message: r.message,
  }));
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocHref(f.ruleId) },
    message: f.cost ? `${f.message} (measured: ${formatMs(f.cost.totalMs)}, ${formatShare(f.cost.share)} of CPU)` : f.message,
    data,
  };
  if (related.length) d.relatedInformation = related;
  return d;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`;
}

function formatShare(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
}

export function isPerfLensDiagnostic(d: Diagnostic): boolean {
  return d.source === DIAGNOSTIC_SOURCE;
}

export function diagnosticData(d: Diagnostic): DiagnosticData | undefined {
  const data = d.data as Partial<DiagnosticData> | undefined;
  if (!data || typeof data !== 'object' || typeof data.ruleId !== 'string') return undefined;
  return { version: typeof data.version === 'number' ? data.version : null, ruleId: data.ruleId };
}
