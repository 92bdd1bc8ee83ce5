/** Options of `perflens profile`, parsed from argv. Usage errors are returned as text, never thrown. */
import { BACKEND_IDS, type BackendId } from '../profiler/backends';
import type { HeapMode } from '../profiler/capture';

export interface ProfileArgs {
  script?: string;
  scriptArgs: string[];
  command?: string;
  outDir?: string;
  intervalUs?: number;
  heap: HeapMode | false;
  timeoutMs?: number;
  json: boolean;
  html?: string;
  backend: BackendId;
  runtime?: string;
  findings: boolean;
  help: boolean;
}

export function parseProfileArgs(argv: readonly string[]): ProfileArgs | { error: string } {
  const out: ProfileArgs = { scriptArgs: [], heap: 'live', json: false, backend: 'inspector', findings: true, help: false };
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string): string | { error: string } => {
      const v = argv[++i];
      return v === undefined || v.startsWith('--') ? { error: `${name} needs a value` } : v;
    };
    if (a === '--') {
      out.scriptArgs.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--no-heap') out.heap = false;
    else if (a === '--no-findings') out.findings = false;
    else if (a === '--heap') {
      const next = argv[i + 1];
      if (next === 'live' || next === 'churn') out.heap = (i++, next);
      else if (next === 'off') out.heap = (i++, false);
      else out.heap = 'live';
    } else if (a === '--out' || a === '--interval' || a === '--timeout' || a === '--html' || a === '--backend' || a === '--runtime' || a === '--command' || a === '--npm') {
      const v = value(a);
      if (typeof v !== 'string') return v;
      if (a === '--out') out.outDir = v;
      else if (a === '--html') out.html = v;
      else if (a === '--runtime') out.runtime = v;
      else if (a === '--command') out.command = v;
      else if (a === '--npm') out.command = `npm run ${quoteShell(v)}`;
      else if (a === '--interval') {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 10 || n > 1_000_000) return { error: `--interval must be an integer number of microseconds between 10 and 1000000 (got "${v}")` };
        out.intervalUs = n;
      } else if (a === '--timeout') {
        const s = Number(v);
        if (!Number.isFinite(s) || s <= 0) return { error: `--timeout must be a positive number of seconds (got "${v}")` };
        out.timeoutMs = Math.round(s * 1000);
      } else {
        if (!(BACKEND_IDS as readonly string[]).includes(v)) return { error: `--backend must be one of ${BACKEND_IDS.join(', ')} (got "${v}")` };
        out.backend = v as BackendId;
      }
    } else if (a.startsWith('--')) return { error: `unknown option ${a}` };
    else positionals.push(a);
  }
  if (out.help) return out;
  if (out.command) {
    if (positionals.length) return { error: 'give either a script or --command/--npm, not both' };
    return out;
  }
  if (positionals.length === 0) return { error: 'missing the script to profile' };
  out.script = positionals[0];
  out.scriptArgs.unshift(...positionals.slice(1));
  return out;
}

function quoteShell(v: string): string {
  return /^[A-Za-z0-9:._/-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`;
}
