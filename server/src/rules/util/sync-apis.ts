/**
 * The blocking `*Sync` APIs of Node and common libraries, and their non-blocking counterparts.
 * A call counts only when its callee resolves (imports, require, aliases) to one of these modules.
 */
import { ts } from 'ts-morph';
import { resolveOrigin } from './imports';
import { calleeName, skipOuter } from './syntax';
import { symbolAt } from './dataflow';

export type SyncCategory = 'fs' | 'child_process' | 'zlib' | 'crypto' | 'bcrypt';

export interface SyncApi {
  category: SyncCategory;
  /** the module as imported, normalised ('fs', 'fs-extra', 'child_process', …) */
  module: string;
  /** `readFileSync` */
  name: string;
  /** `readFile` (the async counterpart's name) */
  asyncName: string;
  /** `fs.readFileSync(…)`: the callee is `<module object>.<name>` */
  memberCall: boolean;
}

const MODULE_CATEGORY: Record<string, SyncCategory> = {
  fs: 'fs',
  'fs-extra': 'fs',
  'graceful-fs': 'fs',
  child_process: 'child_process',
  zlib: 'zlib',
  crypto: 'crypto',
  bcrypt: 'bcrypt',
  bcryptjs: 'bcrypt',
};

const CRYPTO_BLOCKING = new Set(['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generatePrimeSync', 'randomFillSync']);
const CHILD_PROCESS_BLOCKING = new Set(['execSync', 'execFileSync', 'spawnSync']);
const BCRYPT_BLOCKING = new Set(['hashSync', 'compareSync', 'genSaltSync']);

/**
 * Local names that alias a `*Sync` export: `const { readFileSync: read } = require('fs')`,
 * `import { execSync as run } from 'child_process'`, `const read = fs.readFileSync`. Top level only.
 */
export function syncAliasNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s)) {
      const b = s.importClause?.namedBindings;
      if (b && ts.isNamedImports(b)) for (const el of b.elements) if (el.propertyName?.text.endsWith('Sync')) out.add(el.name.text);
    }
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isObjectBindingPattern(d.name)) {
          for (const el of d.name.elements) {
            if (el.propertyName && ts.isIdentifier(el.propertyName) && el.propertyName.text.endsWith('Sync') && ts.isIdentifier(el.name)) out.add(el.name.text);
          }
        } else if (ts.isIdentifier(d.name) && d.initializer) {
          const init = skipOuter(d.initializer);
          if (ts.isPropertyAccessExpression(init) && init.name.text.endsWith('Sync')) out.add(d.name.text);
        }
      }
    }
  }
  return out;
}

/** The blocking API a call invokes, or undefined. */
export function syncApiOf(call: ts.CallExpression, checker: ts.TypeChecker): SyncApi | undefined {
  const origin = resolveOrigin(call.expression, checker);
  const name = origin?.path[origin.path.length - 1];
  if (!origin || !name || !name.endsWith('Sync')) return undefined;
  const category = MODULE_CATEGORY[origin.module];
  if (!category) return undefined;
  // fs.promises has no *Sync; only the module's own functions count (default import tolerated)
  if (origin.path.length !== 1) return undefined;
  if (category === 'crypto' && !CRYPTO_BLOCKING.has(name)) return undefined;
  if (category === 'child_process' && !CHILD_PROCESS_BLOCKING.has(name)) return undefined;
  if (category === 'bcrypt' && !BCRYPT_BLOCKING.has(name)) return undefined;
  const memberCall = ts.isPropertyAccessExpression(skipOuter(call.expression));
  return { category, module: origin.module, name, asyncName: name.slice(0, -4), memberCall };
}

const LARGE_RANDOM_BYTES = 64 * 1024;

/** Evaluates small constant integer expressions: `65536`, `1 << 20`, `1024 * 1024`, a const holding one. */
export function constantInteger(expr: ts.Expression | undefined, checker: ts.TypeChecker, depth = 0): number | undefined {
  if (!expr || depth > 4) return undefined;
  const e = skipOuter(expr);
  if (ts.isNumericLiteral(e)) return Number(e.text.replace(/_/g, ''));
  if (ts.isBinaryExpression(e)) {
    const l = constantInteger(e.left, checker, depth + 1);
    const r = constantInteger(e.right, checker, depth + 1);
    if (l === undefined || r === undefined) return undefined;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken: return l * r;
      case ts.SyntaxKind.LessThanLessThanToken: return l * 2 ** r;
      case ts.SyntaxKind.PlusToken: return l + r;
      default: return undefined;
    }
  }
  if (ts.isIdentifier(e)) {
    const decl = symbolAt(e, checker)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) {
      return constantInteger(decl.initializer, checker, depth + 1);
    }
  }
  return undefined;
}

/** Byte size of `Buffer.alloc(n)`, `new Uint8Array(n)` or a const holding one. */
function bufferSize(expr: ts.Expression | undefined, checker: ts.TypeChecker, depth = 0): number | undefined {
  if (!expr || depth > 3) return undefined;
  const e = skipOuter(expr);
  if ((ts.isCallExpression(e) || ts.isNewExpression(e)) && e.arguments?.length) {
    const n = calleeName(e);
    if (n && /^(alloc|allocUnsafe|allocUnsafeSlow|Uint8Array|Int8Array|Uint8ClampedArray|Buffer)$/.test(n)) return constantInteger(e.arguments[0], checker);
  }
  if (ts.isIdentifier(e)) {
    const decl = symbolAt(e, checker)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl)) return bufferSize(decl.initializer, checker, depth + 1);
  }
  return undefined;
}

/** `randomFillSync` counts only for large buffers (≥ 64 KiB known from the code). */
export function isLargeRandomFill(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const size = call.arguments.length >= 3 ? constantInteger(call.arguments[2], checker) : bufferSize(call.arguments[0], checker);
  return size !== undefined && size >= LARGE_RANDOM_BYTES;
}

/** fs functions whose promise form in fs/promises takes the same arguments and returns the same value. */
export const FS_READ_EQUIVALENTS = new Set(['readFileSync', 'statSync', 'lstatSync', 'readdirSync', 'realpathSync', 'readlinkSync', 'accessSync']);
export const FS_WRITE_EQUIVALENTS = new Set([
  'writeFileSync', 'appendFileSync', 'mkdirSync', 'rmSync', 'rmdirSync', 'unlinkSync', 'renameSync', 'copyFileSync', 'chmodSync',
  'symlinkSync', 'truncateSync', 'utimesSync', 'mkdtempSync', 'cpSync',
]);

/** What the thread waits for, to finish the sentence "blocks the event loop until …". */
export function whatItWaitsFor(api: SyncApi): string {
  if (api.name === 'randomFillSync') return 'the random bytes are generated';
  switch (api.category) {
    case 'fs': return 'the disk answers';
    case 'child_process': return 'the child process exits';
    case 'zlib': return 'the (de)compression finishes';
    case 'crypto': return 'the key derivation finishes';
    case 'bcrypt': return 'the bcrypt hash finishes';
  }
}
