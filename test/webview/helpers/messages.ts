import { importProfile } from '../../../server/src/profile/importers/index';
import type { LoadProfileMessage, WebviewFinding } from '../../../server/src/protocol/webview-messages';
import { profileToWire } from '../../../server/src/report/flame-wire';

/** The message the host sends for a raw profile document, through the real importer. */
export function loadMessage(raw: unknown, findings: WebviewFinding[] = [], title = 'test profile'): LoadProfileMessage {
  return { type: 'loadProfile', tree: profileToWire(importProfile(raw)), meta: { title }, findings };
}

export function finding(id: string, file: string, line1: number, extra: Partial<WebviewFinding> = {}): WebviewFinding {
  return {
    id, ruleId: 'quadratic-loop', file, uri: `file://${file}`,
    range: { start: { line: line1 - 1, character: 2 }, end: { line: line1 - 1, character: 20 } },
    message: `finding ${id}`, severity: 'warning', ...extra,
  };
}
