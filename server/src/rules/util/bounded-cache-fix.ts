/**
 * Bounds a process-lifetime Map/Set/array without touching its get/set call sites: an LRU from
 * `lru-cache` when the project depends on it (Maps), else a small Map/Set subclass that drops the
 * oldest entry past a limit, declared right before the statement that needs it; arrays are trimmed
 * after each push.
 */
import { ts, type Project } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import { ensureNamedImport } from './import-edits';
import type { ContainerKind, GrowthSite } from './cache-usage';
import { skipOuter } from './syntax';

export const CACHE_LIMIT = 1000;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Does the nearest package.json list `name` among its dependencies? (malformed JSON: no) */
function declaresDependency(pkgText: string, name: string): boolean {
  try {
    const pkg = JSON.parse(pkgText) as Record<string, unknown>;
    return DEPENDENCY_FIELDS.some((field) => {
      const deps = pkg[field];
      return !!deps && typeof deps === 'object' && Object.prototype.hasOwnProperty.call(deps, name);
    });
  } catch {
    return false;
  }
}

/**
 * Does the project depend on lru-cache? The nearest package.json decides: an lru-cache that is only
 * installed (a transitive dependency in node_modules) is not the project's to import.
 */
export function projectHasLruCache(project: Project, fileName: string): boolean {
  const fs = project.getFileSystem();
  const read = (path: string): string | undefined => {
    const sf = project.getSourceFile(path);
    if (sf) return sf.getFullText();
    try {
      return fs.fileExistsSync(path) ? fs.readFileSync(path) : undefined;
    } catch {
      return undefined;
    }
  };
  for (let dir = fileName.slice(0, fileName.lastIndexOf('/')); dir; dir = dir.slice(0, dir.lastIndexOf('/'))) {
    const pkg = read(`${dir}/package.json`);
    if (pkg !== undefined) return declaresDependency(pkg, 'lru-cache');
  }
  return false;
}

function boundedClassText(kind: 'Map' | 'Set', typed: boolean): string {
  const name = `Bounded${kind}`;
  const method = kind === 'Map' ? 'set' : 'add';
  const oldest = kind === 'Map' ? 'this.keys().next().value' : 'this.values().next().value';
  if (typed) {
    const params = kind === 'Map' ? '<K = any, V = any>' : '<T = any>';
    const base = kind === 'Map' ? 'Map<K, V>' : 'Set<T>';
    const sig = kind === 'Map' ? 'key: K, value: V' : 'value: T';
    const keyVar = kind === 'Map' ? 'key' : 'value';
    const keyType = kind === 'Map' ? 'K' : 'T';
    const superArgs = kind === 'Map' ? 'key, value' : 'value';
    return `/** A ${kind} that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class ${name}${params} extends ${base} {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override ${method}(${sig}): this {
    if (!this.has(${keyVar}) && this.size >= this.maxEntries) this.delete(${oldest} as ${keyType});
    return super.${method}(${superArgs});
  }
}

`;
  }
  const sig = kind === 'Map' ? 'key, value' : 'value';
  const keyVar = kind === 'Map' ? 'key' : 'value';
  return `/** A ${kind} that forgets its oldest entry once it holds \`maxEntries\` (insertion order). */
class ${name} extends ${kind} {
  constructor(maxEntries) {
    super();
    this.maxEntries = maxEntries;
  }

  ${method}(${sig}) {
    if (!this.has(${keyVar}) && this.size >= this.maxEntries) this.delete(${oldest});
    return super.${method}(${sig});
  }
}

`;
}

export interface BoundFixInput {
  kind: ContainerKind;
  /** `new Map<K, V>()` / `[]` */
  initializer: ts.Expression;
  /** the top-level statement the declaration lives in (the class for a field) */
  topStatement: ts.Statement;
  name: string;
  growth: GrowthSite[];
  sf: ts.SourceFile;
  fileName: string;
  project: Project;
  /** the declaration has a type annotation (an LRU would not satisfy `Map<…>`) */
  annotated: boolean;
}

function lineIndent(sf: ts.SourceFile, pos: number): string {
  const lineStart = sf.text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(sf.text.slice(lineStart))![0];
}

export function boundCacheFix(input: BoundFixInput): Fix | undefined {
  const { kind, initializer, sf, fileName } = input;
  const typed = !/\.[cm]?jsx?$/.test(fileName);
  const init = skipOuter(initializer);
  if (kind === 'array') {
    const edits: TextEdit[] = [];
    for (const g of input.growth) {
      const stmt = g.node.parent;
      if (!stmt || !ts.isExpressionStatement(stmt) || !ts.isBlock(stmt.parent)) return undefined;
      const indent = lineIndent(sf, stmt.getStart(sf));
      edits.push({ file: fileName, start: stmt.end, end: stmt.end, newText: `\n${indent}if (${input.name}.length > ${CACHE_LIMIT}) ${input.name}.splice(0, ${input.name}.length - ${CACHE_LIMIT});` });
    }
    return edits.length ? { title: `Keep only the last ${CACHE_LIMIT} entries of \`${input.name}\``, kind: 'suggestion', edits } : undefined;
  }
  if (kind !== 'Map' && kind !== 'Set') return undefined;
  if (!ts.isNewExpression(init) || (init.arguments && init.arguments.length > 0)) return undefined;
  const typeArgs = init.typeArguments ? `<${init.typeArguments.map((t) => t.getText(sf)).join(', ')}>` : '';
  if (kind === 'Map' && !input.annotated && projectHasLruCache(input.project, fileName)) {
    const plan = ensureNamedImport(sf, fileName, 'lru-cache', 'LRUCache');
    const lruTypeArgs = typeArgs || (typed ? '<any, any>' : '');
    return {
      title: `Make \`${input.name}\` an LRU (lru-cache, max ${CACHE_LIMIT})`,
      kind: 'suggestion',
      edits: [...plan.edits, { file: fileName, start: init.getStart(sf), end: init.end, newText: `new ${plan.local}${lruTypeArgs}({ max: ${CACHE_LIMIT} })` }],
    };
  }
  const className = `Bounded${kind}`;
  const edits: TextEdit[] = [{ file: fileName, start: init.getStart(sf), end: init.end, newText: `new ${className}${typeArgs}(${CACHE_LIMIT})` }];
  if (!new RegExp(`class ${className}\\b`).test(sf.text)) {
    // before the statement and its leading comments
    let at = input.topStatement.pos;
    while (at < sf.text.length && /\s/.test(sf.text[at]!)) at++;
    const gap = at > 0 && !sf.text.slice(0, at).endsWith('\n\n') ? '\n' : '';
    edits.unshift({ file: fileName, start: at, end: at, newText: gap + boundedClassText(kind, typed) });
  }
  return { title: `Bound \`${input.name}\` to ${CACHE_LIMIT} entries (evict the oldest)`, kind: 'suggestion', edits };
}
