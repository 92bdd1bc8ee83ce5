/**
 * Rewrites a blocking `*Sync(…)` call inside an async function to its awaited non-blocking form:
 * fs → fs/promises (or `fs.promises`), child_process/zlib/crypto → `promisify`, bcrypt → its
 * promise API. Imports are added to match the file (ESM or CommonJS, `node:` prefix or not).
 */
import { ts } from 'ts-morph';
import type { Fix, TextEdit } from '../../engine/finding';
import { ensureNamedImport, prefersNodePrefix } from './import-edits';
import { FS_READ_EQUIVALENTS, FS_WRITE_EQUIVALENTS, syncApiOf, type SyncApi } from './sync-apis';
import { calleeName, enclosingFunction, isAsyncFunction, skipOuter, walk } from './syntax';

/** `(await x).y` needs parentheses; `f(await x)` and `a + await x` do not. */
function awaited(call: ts.CallExpression, inner: string, forceParens = false): string {
  const p = call.parent;
  const asCallee =
    !!p &&
    (((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p) || ts.isNonNullExpression(p)) && p.expression === call) ||
      (ts.isTaggedTemplateExpression(p) && p.tag === call));
  return asCallee || forceParens ? `(await ${inner})` : `await ${inner}`;
}

/** Merges zero-length insertions at the same place (two new import lines) into one edit. */
function mergeInsertions(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === e.start && o.end === e.end && o.start === o.end && e.start === e.end && o.file === e.file);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

function argsText(call: ts.CallExpression, sf: ts.SourceFile): string {
  return sf.text.slice(skipOuter(call.expression).end, call.end);
}

function memberQualifier(call: ts.CallExpression, sf: ts.SourceFile): string | undefined {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.expression.getText(sf) : undefined;
}

function hasObjectProperty(call: ts.CallExpression, names: RegExp): boolean {
  return call.arguments.some((a) => ts.isObjectLiteralExpression(a) && a.properties.some((p) => p.name && ts.isIdentifier(p.name) && names.test(p.name.text)));
}

/** Does the function also write files synchronously? Then awaiting a read can interleave with another request's write. */
function alsoWritesFiles(fn: ts.Node, checker: ts.TypeChecker): boolean {
  let writes = false;
  walk(fn, (n) => {
    if (writes) return false;
    if (ts.isCallExpression(n)) {
      const name = calleeName(n);
      if (name && FS_WRITE_EQUIVALENTS.has(name) && syncApiOf(n, checker)) writes = true;
    }
    return undefined;
  });
  return writes;
}

interface Ctx {
  call: ts.CallExpression;
  api: SyncApi;
  sf: ts.SourceFile;
  fileName: string;
}

function fsFix(c: Ctx, checker: ts.TypeChecker, fn: ts.Node): Fix | undefined {
  const { call, api, sf, fileName } = c;
  const isExists = api.name === 'existsSync';
  if (!isExists && !FS_READ_EQUIVALENTS.has(api.name) && !FS_WRITE_EQUIVALENTS.has(api.name)) return undefined;
  if (hasObjectProperty(call, /^throwIfNoEntry$/)) return undefined;
  if (isExists && call.arguments.length !== 1) return undefined;
  const target = isExists ? 'access' : api.asyncName;
  const edits: TextEdit[] = [];
  let callee: string;
  const qualifier = memberQualifier(call, sf);
  if (api.memberCall && qualifier) {
    callee = api.module === 'fs-extra' ? `${qualifier}.${target}` : `${qualifier}.promises.${target}`;
  } else {
    const module = api.module === 'fs-extra' ? 'fs-extra' : 'fs/promises';
    const spec = module === 'fs/promises' && prefersNodePrefix(sf) ? 'node:fs/promises' : module;
    const plan = ensureNamedImport(sf, fileName, module, target, spec);
    edits.push(...plan.edits);
    callee = plan.local;
  }
  const inner = isExists ? `${callee}${argsText(call, sf)}.then(() => true, () => false)` : `${callee}${argsText(call, sf)}`;
  edits.push({ file: fileName, start: call.getStart(sf), end: call.end, newText: awaited(call, inner, isExists) });
  const read = FS_READ_EQUIVALENTS.has(api.name) || isExists;
  const safe = read && !isExists && !alsoWritesFiles(fn, checker);
  return {
    title: isExists ? `Use \`await ${target}(…)\` from fs/promises instead of \`existsSync\`` : `Use \`await ${target}(…)\` from fs/promises`,
    kind: safe ? 'safe' : 'suggestion',
    edits: mergeInsertions(edits),
  };
}

const PROMISIFY_TARGETS: Record<string, Set<string>> = {
  child_process: new Set(['execSync', 'execFileSync']),
  zlib: new Set(['gzipSync', 'gunzipSync', 'deflateSync', 'inflateSync', 'deflateRawSync', 'inflateRawSync', 'unzipSync', 'brotliCompressSync', 'brotliDecompressSync']),
  crypto: new Set(['pbkdf2Sync', 'scryptSync', 'randomFillSync', 'generateKeyPairSync']),
};

function promisifyFix(c: Ctx): Fix | undefined {
  const { call, api, sf, fileName } = c;
  if (!PROMISIFY_TARGETS[api.category]?.has(api.name)) return undefined;
  // execSync(cmd, { stdio: 'inherit' }) streams to the terminal; exec cannot
  if (api.category === 'child_process' && hasObjectProperty(call, /^(stdio|input)$/)) return undefined;
  const edits: TextEdit[] = [];
  const qualifier = memberQualifier(call, sf);
  let fnRef: string;
  if (api.memberCall && qualifier) fnRef = `${qualifier}.${api.asyncName}`;
  else {
    const plan = ensureNamedImport(sf, fileName, api.module, api.asyncName, prefersNodePrefix(sf) ? `node:${api.module}` : api.module);
    edits.push(...plan.edits);
    fnRef = plan.local;
  }
  const util = ensureNamedImport(sf, fileName, 'util', 'promisify', prefersNodePrefix(sf) ? 'node:util' : 'util');
  edits.push(...util.edits);
  const invoked = `${util.local}(${fnRef})${argsText(call, sf)}`;
  const resultUnused = !!call.parent && ts.isExpressionStatement(call.parent);
  const text = api.category === 'child_process' && !resultUnused ? `(await ${invoked}).stdout` : awaited(call, invoked);
  edits.push({ file: fileName, start: call.getStart(sf), end: call.end, newText: text });
  return { title: `Await the callback API \`${api.asyncName}\` through \`promisify\``, kind: 'suggestion', edits: mergeInsertions(edits) };
}

function bcryptFix(c: Ctx): Fix | undefined {
  const { call, api, sf, fileName } = c;
  const edits: TextEdit[] = [];
  const qualifier = memberQualifier(call, sf);
  let callee: string;
  if (api.memberCall && qualifier) callee = `${qualifier}.${api.asyncName}`;
  else {
    const plan = ensureNamedImport(sf, fileName, api.module, api.asyncName);
    edits.push(...plan.edits);
    callee = plan.local;
  }
  edits.push({ file: fileName, start: call.getStart(sf), end: call.end, newText: awaited(call, `${callee}${argsText(call, sf)}`) });
  return { title: `Use the promise API \`await ${api.asyncName}(…)\``, kind: 'suggestion', edits: mergeInsertions(edits) };
}

/** The awaited non-blocking replacement, when the call sits directly in an async function. */
export function asyncReplacementFix(call: ts.CallExpression, api: SyncApi, sf: ts.SourceFile, fileName: string, checker: ts.TypeChecker): Fix | undefined {
  const fn = enclosingFunction(call);
  if (!fn || !isAsyncFunction(fn)) return undefined;
  const c: Ctx = { call, api, sf, fileName };
  switch (api.category) {
    case 'fs': return fsFix(c, checker, fn);
    case 'bcrypt': return bcryptFix(c);
    default: return promisifyFix(c);
  }
}
