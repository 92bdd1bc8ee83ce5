/**
 * `--format sarif`: SARIF 2.1.0 as design.md fixes it — one run, `tool.driver.name = "perflens"`,
 * `rules[]` in registry order, one result per finding with a `%SRCROOT%`-relative location and a
 * 1-based region; files PerfLens could not analyse become tool execution notifications.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { AnalysisProblem, Finding, RelatedLocation } from '../../engine/finding';
import { ERROR_CATALOGUE, type ErrorCode } from '../../engine/errors';
import { VERSION } from '../../version';
import { displayPath, levelOf, oneBased, problemText, ruleDocsUrl, type ReportInput } from './report';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export function sarifLog(input: ReportInput): Sarif.Log {
  const ruleIndex = new Map(input.rules.map((r, i) => [r.id as string, i]));
  const location = (file: string, region: ReturnType<typeof oneBased>): Sarif.PhysicalLocation => ({
    artifactLocation: artifactOf(input.root, file),
    region: { startLine: region.line, startColumn: region.column, endLine: region.endLine, endColumn: region.endColumn },
  });
  const rules: Sarif.ReportingDescriptor[] = input.rules.map((r) => ({
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.docs.why || r.meta.description },
    helpUri: ruleDocsUrl(r.id),
    defaultConfiguration: { level: levelOf(r.meta.severity) },
    properties: { requiresTypes: r.meta.requiresTypes, fix: r.meta.fix, tags: ['performance'] },
  }));
  const results: Sarif.Result[] = input.findings.map((f: Finding) => {
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      level: levelOf(f.severity),
      message: { text: f.message },
      locations: [{ physicalLocation: location(f.file, oneBased(f.range)) }],
    };
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (f.related.length > 0) {
      result.relatedLocations = f.related.map((r: RelatedLocation, id) => ({
        id,
        physicalLocation: location(r.file, oneBased(r.range)),
        message: { text: r.message },
      }));
    }
    const properties: Record<string, unknown> = {};
    if (f.cost) properties.cost = f.cost;
    if (f.fixes.length > 0) properties.fixes = f.fixes.map((x) => ({ title: x.title, kind: x.kind }));
    if (Object.keys(properties).length > 0) result.properties = properties;
    return result;
  });
  const notifications: Sarif.Notification[] = input.problems.map((p: AnalysisProblem) => ({
    descriptor: { id: p.code },
    level: 'warning',
    message: { text: problemText(p) },
    locations: [{ physicalLocation: { artifactLocation: artifactOf(input.root, p.file) } }],
  }));
  const usedCodes = [...new Set(input.problems.map((p) => p.code))].sort();
  const driver: Sarif.ToolComponent = {
    name: 'perflens',
    version: VERSION,
    semanticVersion: VERSION,
    rules,
  };
  if (usedCodes.length > 0) {
    driver.notifications = usedCodes.map((code) => ({ id: code, shortDescription: { text: ERROR_CATALOGUE[code as ErrorCode] ?? code } }));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri(input.root) } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function sarifReport(input: ReportInput): string {
  return JSON.stringify(sarifLog(input), null, 2) + '\n';
}

/** A directory URI must end in '/' so relative result URIs resolve against it (SARIF §3.14.14). */
function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Files under the root are relative to %SRCROOT% (percent-encoded per segment); others get an absolute file URI. */
function artifactOf(root: string, file: string): Sarif.ArtifactLocation {
  const path = displayPath(root, file);
  if (isAbsolute(path)) return { uri: pathToFileURL(file).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
