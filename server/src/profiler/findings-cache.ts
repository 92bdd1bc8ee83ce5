/**
 * The static analysis of a profile run, kept on disk between runs of the same script. Profiling is
 * a loop (run, read, change the input or the code, run again), and for a script of a second or two
 * the analysis (ts-morph's start and the checker) costs as much as the run. An entry is used only
 * while every file the analysis read is unchanged: the profiled files, what their programs
 * loaded (the tsconfig and its files, declaration files), `.perflensrc.json` and package.json,
 * and only by the same engine build. A size or mtime change is confirmed by hashing the content,
 * so a `touch` or a checkout of the same text still hits.
 *
 * What it cannot see: a new file that would change how an import resolves without any read file
 * changing, and packages changed under node_modules without package.json changing. Off with
 * PERFLENS_FINDINGS_CACHE=off; the entries live in the user's cache directory, not in the project.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AnalysedFiles } from './findings';
import { fileSha1, type AnalysisInput } from './input-hash';

/** `off` disables the cache; a path puts it there (tests). */
export const FINDINGS_CACHE_ENV = 'PERFLENS_FINDINGS_CACHE';

const FORMAT = 1;
/** entries kept (one per profiled script); past this the least recently written go */
const MAX_ENTRIES = 200;

interface InputStamp {
  path: string;
  /** -1: the file did not exist (its appearing invalidates the entry) */
  size: number;
  mtimeMs: number;
  sha1?: string;
}

interface Entry {
  format: number;
  engine: string;
  script: string;
  root: string;
  inputs: InputStamp[];
  result: AnalysedFiles;
}

export class FindingsCache {
  private constructor(
    private readonly file: string,
    private readonly engine: string,
    private readonly script: string,
    private readonly root: string,
  ) {}

  /**
   * The cache of `script`'s analysis under `root`; undefined when it is off, or when no engine
   * build can be identified (running from sources: a rule edited there would not change the key).
   */
  static open(script: string, root: string, engineDir: string, env: NodeJS.ProcessEnv = process.env): FindingsCache | undefined {
    const setting = env[FINDINGS_CACHE_ENV];
    if (setting === 'off') return undefined;
    const engine = engineId(engineDir);
    if (!engine) return undefined;
    const dir = setting || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'perflens', 'findings');
    const key = createHash('sha1').update(`${root}\0${script}`).digest('hex').slice(0, 24);
    return new FindingsCache(join(dir, `${key}.json`), engine, script, root);
  }

  /** The stored analysis when every input is unchanged; never throws. */
  lookup(): AnalysedFiles | undefined {
    let entry: Entry;
    try {
      entry = JSON.parse(readFileSync(this.file, 'utf8')) as Entry;
    } catch {
      return undefined;
    }
    if (entry.format !== FORMAT || entry.engine !== this.engine || entry.script !== this.script || entry.root !== this.root) return undefined;
    if (!Array.isArray(entry.inputs) || !entry.result || !Array.isArray(entry.result.files)) return undefined;
    if (!entry.inputs.every(unchanged)) return undefined;
    // the stamps go back with the result, so a run that adds late files can store the union
    return { ...entry.result, inputs: entry.inputs.map(({ path, sha1 }) => (sha1 === undefined ? { path } : { path, sha1 })) };
  }

  /**
   * Stores `result` with stamps of its `inputs` (written atomically; a failure only costs the next
   * run). Not stored when a file changed on disk since it was analysed: the stamp would vouch for
   * text the findings are not about. Returns whether it was stored.
   */
  store(result: AnalysedFiles): boolean {
    if (!result.inputs) return false;
    try {
      const stamps: InputStamp[] = [];
      for (const input of result.inputs) {
        const s = stamp(input);
        if (!s) return false;
        stamps.push(s);
      }
      const { inputs: _inputs, ...rest } = result;
      const entry: Entry = { format: FORMAT, engine: this.engine, script: this.script, root: this.root, inputs: stamps, result: rest };
      mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
      renameSync(tmp, this.file);
      prune(join(this.file, '..'));
      return true;
    } catch {
      /* a read-only cache directory: the analysis just runs again next time */
      return false;
    }
  }
}

/** The analysis bundle beside the caller (dist/analysis-worker.js and dist/ts-morph.js), by size and mtime. */
function engineId(dir: string): string | undefined {
  try {
    const parts = ['analysis-worker.js', 'ts-morph.js'].map((name) => {
      const s = statSync(join(dir, name));
      return `${name}:${s.size}:${s.mtimeMs}`;
    });
    return createHash('sha1').update(parts.join('\0')).digest('hex');
  } catch {
    return undefined;
  }
}

/** The file's stamp now; undefined when its text is no longer the analysed one. */
function stamp(input: AnalysisInput): InputStamp | undefined {
  const { path } = input;
  let s;
  try {
    s = statSync(path);
  } catch {
    return input.sha1 === undefined ? { path, size: -1, mtimeMs: 0 } : undefined;
  }
  const sha1 = fileSha1(path);
  if (input.sha1 !== undefined && sha1 !== input.sha1) return undefined;
  return { path, size: s.size, mtimeMs: s.mtimeMs, sha1 };
}

function unchanged(input: InputStamp): boolean {
  let size = -1;
  let mtimeMs = 0;
  try {
    const s = statSync(input.path);
    size = s.size;
    mtimeMs = s.mtimeMs;
  } catch {
    /* missing */
  }
  if (size !== input.size) return false;
  if (size === -1 || mtimeMs === input.mtimeMs) return true;
  try {
    return fileSha1(input.path) === input.sha1;
  } catch {
    return false;
  }
}

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= MAX_ENTRIES) return;
  const byAge = names.map((n) => ({ path: join(dir, n), mtimeMs: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const old of byAge.slice(0, names.length - MAX_ENTRIES / 2)) rmSync(old.path, { force: true });
}
