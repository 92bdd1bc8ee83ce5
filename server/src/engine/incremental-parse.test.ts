/**
 * The host re-parses edited buffers incrementally (incremental-parse.ts). Whatever the edits, the
 * tree, the program and the findings must be exactly those of a fresh parse of the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Project, ts } from 'ts-morph';
import { ProjectHost, INFERRED_COMPILER_OPTIONS } from './project-host';
import { changeRange } from './incremental-parse';
import { ALL_RULES } from '../rules/index';

const FILE = '/project/src/orders.ts';
const BASE = `import { readFileSync } from 'fs';

export interface Order { id: number; userId: number; tags: string[] }

export function withTags(orders: Order[], wanted: string[]) {
  const out: Order[] = [];
  for (const order of orders) {
    if (wanted.includes(order.tags[0] ?? '')) out.push(order);
  }
  return out;
}

export async function template(name: string) {
  return readFileSync('/srv/' + name, 'utf8');
}

export function matching(rows: { name: string }[], term: string) {
  return rows.filter((r) => new RegExp(term, 'i').test(r.name));
}
`;

/** Kind, range and parent of every node, in walk order: two equal dumps mean equal trees. */
function dump(sf: ts.SourceFile): string {
  const out: string[] = [];
  const visit = (n: ts.Node, parent: ts.Node): void => {
    out.push(`${ts.SyntaxKind[n.kind]}@${n.pos}-${n.end}${n.parent === parent ? '' : ' BAD-PARENT'}`);
    ts.forEachChild(n, (c) => visit(c, n));
  };
  ts.forEachChild(sf, (c) => visit(c, sf));
  return out.join('\n');
}

function findingsOf(host: ProjectHost): string[] {
  return host.analyze(FILE, ALL_RULES).findings.map((f) => `${f.ruleId} ${f.start}-${f.end} ${f.message} fixes:${JSON.stringify(f.fixes)}`);
}

function freshHost(text: string): ProjectHost {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { ...INFERRED_COMPILER_OPTIONS, lib: ['lib.es2023.d.ts'] } });
  project.createSourceFile(FILE, text);
  return new ProjectHost({ project });
}

/** A small deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SNIPPETS = [' ', '\n', 'x', '1', '{', '}', '(', ')', ';', '"', '`', '/*', '*/', '// c\n', 'const y = [];\n', 'await ', 'for (const a of orders) {', 'wanted.indexOf(a)', 'new RegExp(term)'];

test('changeRange finds the smallest changed span', () => {
  const r = changeRange('abcdef', 'abXYef');
  assert.deepEqual([r.span.start, r.span.length, r.newLength], [2, 2, 2]);
  const ins = changeRange('abc', 'abcabc');
  assert.equal(ins.span.length, 0);
  assert.equal(ins.newLength, 3);
});

test('incremental re-parse gives the same tree and the same findings as a fresh parse, edit after edit', () => {
  const host = freshHost(BASE);
  findingsOf(host); // builds a program and checker first, as the server does before the first edit
  const rand = prng(42);
  let text = BASE;
  for (let i = 0; i < 60; i++) {
    const at = Math.floor(rand() * (text.length + 1));
    const del = rand() < 0.5 ? Math.floor(rand() * 12) : 0;
    const insert = rand() < 0.8 ? SNIPPETS[Math.floor(rand() * SNIPPETS.length)]! : '';
    // every 10th edit goes back to the original text, so broken states also get repaired
    text = i % 10 === 9 ? BASE : text.slice(0, at) + insert + text.slice(Math.min(text.length, at + del));
    const sf = host.setFileText(FILE, text);
    assert.ok('compilerNode' in sf, `edit ${i} was refused`);
    const fresh = freshHost(text);
    const expected = fresh.getSourceFile(FILE)!.compilerNode;
    assert.equal(sf.compilerNode.text, text);
    assert.equal(dump(sf.compilerNode), dump(expected), `tree after edit ${i}`);
    assert.deepEqual(findingsOf(host), findingsOf(fresh), `findings after edit ${i}`);
  }
});

test('the program sees the re-parsed file (no stale tree behind the checker)', () => {
  const host = freshHost(BASE);
  assert.ok(findingsOf(host).some((f) => f.startsWith('quadratic-loop')));
  host.setFileText(FILE, BASE.replace('wanted: string[]', 'wanted: Set<string>').replace('wanted.includes(', 'wanted.has('));
  assert.ok(!findingsOf(host).some((f) => f.startsWith('quadratic-loop')));
  const program = host.ownerOf(FILE).project.getProgram().compilerObject;
  assert.equal(program.getSourceFile(FILE)?.text.includes('Set<string>'), true);
});
