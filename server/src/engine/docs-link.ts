/**
 * Where a rule's documentation lives: `docs/rules/<id>.md` beside the bundle (dist/../docs/rules),
 * found by walking up from this module so it also works unbundled (server/src/lsp → ../../../docs).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

let docsDir: string | undefined;

export function rulesDocsDir(): string {
  if (docsDir) return docsDir;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return (docsDir = candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  // Not generated yet: still point where the bundle expects it (dist/../docs/rules).
  return (docsDir = join(__dirname, '..', 'docs', 'rules'));
}

export function ruleDocHref(ruleId: string): string {
  return pathToFileURL(join(rulesDocsDir(), `${ruleId}.md`)).href;
}
