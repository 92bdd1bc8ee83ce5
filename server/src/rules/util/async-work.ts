/**
 * Is an awaited call independent I/O — an HTTP request, a file operation, an e-mail, a cloud-storage
 * upload, a child process — that could run concurrently with its siblings? Recognised by the module
 * its receiver comes from (imports, `new S3Client()`, `nodemailer.createTransport()`,
 * `promisify(exec)`, injected constructor parameters), by a few unmistakable method names, or
 * through a helper function (same file or imported) whose body does such I/O.
 * Database and cache lookups are deliberately not here: n-plus-one owns them.
 */
import { ts } from 'ts-morph';
import { resolveOrigin, type ModuleOrigin } from './imports';
import { calleeName, isFunctionLike, rootIdentifier, skipOuter, walk, type FunctionLike } from './syntax';
import { symbolAt } from './dataflow';

export type WorkKind = 'HTTP request' | 'file operation' | 'e-mail' | 'cloud call' | 'child process' | 'image operation' | 'API call';

/** "an HTTP request", "a file operation". */
export function withArticle(kind: WorkKind): string {
  return `${/^(e-mail|image|HTTP|API)/.test(kind) ? 'an' : 'a'} ${kind}`;
}

export interface AsyncWork {
  kind: WorkKind;
  /** the helper that does the work, when the awaited call is a helper */
  helper?: FunctionLike;
}

const MODULE_KINDS: [RegExp, WorkKind][] = [
  [/^(axios|got|node-fetch|undici|cross-fetch|isomorphic-fetch|ky|superagent|needle|request-promise(-native)?|ofetch|phin)$/, 'HTTP request'],
  [/^(fs\/promises|fs-extra)$/, 'file operation'],
  [/^(nodemailer|@sendgrid\/mail|mailgun\.js|postmark|resend|@aws-sdk\/client-ses|@aws-sdk\/client-sesv2)$/, 'e-mail'],
  [/^(@aws-sdk\/.+|aws-sdk|@google-cloud\/.+|@azure\/.+|cloudinary|firebase-admin|minio)$/, 'cloud call'],
  [/^(child_process|execa)$/, 'child process'],
  [/^(sharp|jimp)$/, 'image operation'],
  [/^(@octokit\/.+|octokit|@slack\/web-api|stripe|twilio|openai|googleapis|dns\/promises|ping)$/, 'API call'],
];

/** Method names that mean remote or file work on any receiver. */
const WORK_METHOD_NAMES: Record<string, WorkKind> = {
  sendMail: 'e-mail',
  sendEmail: 'e-mail',
  sendSms: 'API call',
  sendWebhook: 'HTTP request',
  postWebhook: 'HTTP request',
  upload: 'cloud call',
  uploadFile: 'cloud call',
  putObject: 'cloud call',
  getObject: 'cloud call',
  deleteObject: 'cloud call',
  copyObject: 'cloud call',
  headObject: 'cloud call',
};

function kindOfOrigin(origin: ModuleOrigin | undefined): WorkKind | undefined {
  if (!origin) return undefined;
  if (origin.module === 'fs') return origin.path[0] === 'promises' ? 'file operation' : undefined;
  for (const [re, kind] of MODULE_KINDS) if (re.test(origin.module)) return kind;
  return undefined;
}

/** The module behind a value: an import, or a variable/field/parameter initialised from one. */
function originOfValue(id: ts.Identifier | ts.PropertyAccessExpression, checker: ts.TypeChecker, depth = 0): ModuleOrigin | undefined {
  if (depth > 3) return undefined;
  const direct = resolveOrigin(id, checker);
  if (direct) return direct;
  const node = ts.isPropertyAccessExpression(id) ? id.name : id;
  const decl = symbolAt(node, checker)?.valueDeclaration;
  if (!decl) return undefined;
  // constructor(private readonly mailer: MailerService)
  if (ts.isParameter(decl) && decl.type && ts.isTypeReferenceNode(decl.type) && ts.isIdentifier(decl.type.typeName)) return resolveOrigin(decl.type.typeName, checker);
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    let init = skipOuter(decl.initializer);
    if (ts.isAwaitExpression(init)) init = skipOuter(init.expression);
    if (ts.isNewExpression(init) || ts.isCallExpression(init)) {
      // promisify(exec) → exec
      if (ts.isCallExpression(init) && calleeName(init) === 'promisify' && init.arguments[0]) {
        const arg = skipOuter(init.arguments[0]);
        if (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) return originOfValue(arg, checker, depth + 1);
      }
      const callee = skipOuter(init.expression);
      if (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) {
        const full = resolveOrigin(callee, checker);
        if (full) return full;
      }
      const root = rootIdentifier(init.expression);
      return root ? originOfValue(root, checker, depth + 1) : undefined;
    }
    if (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) return originOfValue(init, checker, depth + 1);
  }
  if (ts.isPropertyDeclaration(decl) && decl.type && ts.isTypeReferenceNode(decl.type) && ts.isIdentifier(decl.type.typeName)) return resolveOrigin(decl.type.typeName, checker);
  return undefined;
}

/** The innermost receiver value of a call chain: `sharp(f).resize(1).toFile(o)` → `sharp`, `this.s3.send(c)` → `this.s3`. */
function chainBase(call: ts.CallExpression): ts.Identifier | ts.PropertyAccessExpression | undefined {
  let e: ts.Expression = skipOuter(call.expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      const inner = skipOuter(e.expression);
      if (inner.kind === ts.SyntaxKind.ThisKeyword) return e;
      e = inner;
    } else if (ts.isCallExpression(e)) e = skipOuter(e.expression);
    else if (ts.isElementAccessExpression(e)) e = skipOuter(e.expression);
    else if (ts.isIdentifier(e)) return e;
    else return undefined;
  }
}

function isGlobalFetch(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  const e = skipOuter(callee);
  if (!ts.isIdentifier(e) || e.text !== 'fetch') return false;
  const decls = symbolAt(e, checker)?.declarations ?? [];
  return decls.length === 0 || decls.every((d) => d.getSourceFile().isDeclarationFile);
}

function helperDeclaration(call: ts.CallExpression, checker: ts.TypeChecker): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name) return undefined;
  const decl = symbolAt(name, checker)?.valueDeclaration;
  if (!decl) return undefined;
  const fn = isFunctionLike(decl) ? decl : (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl)) && decl.initializer && isFunctionLike(skipOuter(decl.initializer)) ? (skipOuter(decl.initializer) as FunctionLike) : undefined;
  if (!fn?.body || fn.getSourceFile().isDeclarationFile || fn.getSourceFile().fileName.includes('/node_modules/')) return undefined;
  return fn;
}

/** The independent async work an awaited call does, if it is recognisably I/O. */
export function asyncWorkOf(call: ts.CallExpression, checker: ts.TypeChecker, depth = 0): AsyncWork | undefined {
  if (isGlobalFetch(call.expression, checker)) return { kind: 'HTTP request' };
  const full = kindOfOrigin(resolveOrigin(call.expression, checker));
  if (full) return { kind: full };
  const base = chainBase(call);
  if (base) {
    const kind = kindOfOrigin(originOfValue(base, checker));
    if (kind) return { kind };
  }
  const method = calleeName(call);
  // own keys only: `x.toString()` must not find Object.prototype.toString in the table
  if (method && Object.prototype.hasOwnProperty.call(WORK_METHOD_NAMES, method) && ts.isPropertyAccessExpression(skipOuter(call.expression))) return { kind: WORK_METHOD_NAMES[method]! };
  if (depth >= 2) return undefined;
  const helper = helperDeclaration(call, checker);
  if (!helper || !helper.body) return undefined;
  let found: AsyncWork | undefined;
  walk(helper.body, (n) => {
    if (found) return false;
    if (ts.isCallExpression(n) && n !== call) {
      const inner = asyncWorkOf(n, checker, depth + 1);
      if (inner) found = { kind: inner.kind, helper };
    }
    return undefined;
  });
  return found;
}
