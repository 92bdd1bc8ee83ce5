/** `perflens analyze` options: parsing, validation and --help. A usage error is exit code 2. */
import { parseArgs } from 'node:util';
import type { FailOn } from './reporters/report';

export type Format = 'text' | 'json' | 'sarif';

export interface AnalyzeOptions {
  paths: string[];
  format: Format;
  output?: string;
  failOn: FailOn;
  config?: string;
  noColor: boolean;
  quiet: boolean;
  fix: boolean;
  fixDryRun: boolean;
  timing: boolean;
  help: boolean;
}

export class UsageError extends Error {}

export const DEFAULT_FAIL_ON: FailOn = 'warning';

export const ANALYZE_HELP = `Usage: perflens analyze [paths…] [options]

Finds performance anti-patterns in JavaScript/TypeScript files under the given paths
(default: the current directory). tsconfig.json/jsconfig.json projects are used where they
list the files; other files are analysed together as one inferred project.

Options:
  -f, --format <text|json|sarif>   output format (default: text)
  -o, --output <file>              write the report to a file instead of stdout
      --fail-on <level>            exit 1 when a finding is at or above this level:
                                   error | warning | note | none (default: warning)
  -c, --config <file>              configuration file (default: ./.perflensrc.json if present)
      --fix                        apply the safe fixes, then report what remains
      --fix-dry-run                print the safe fixes as a unified diff; change nothing
      --no-color                   no ANSI colours (also: NO_COLOR=1; FORCE_COLOR=1 forces them)
  -q, --quiet                      print findings only: no summary, no skipped-file messages
      --timing                     print phase timings on stderr
  -h, --help                       show this help

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it,
            2 usage or internal error. Files that cannot be analysed (syntax too broken,
            binary, minified, unreadable) are reported on stderr with a PL code and skipped.
`;

export function parseAnalyzeArgs(argv: string[]): AnalyzeOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        config: { type: 'string', short: 'c' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        fix: { type: 'boolean' },
        'fix-dry-run': { type: 'boolean' },
        timing: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  const format = v.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif (got "${format}")`);
  }
  const failOn = v['fail-on'] ?? DEFAULT_FAIL_ON;
  if (failOn !== 'error' && failOn !== 'warning' && failOn !== 'note' && failOn !== 'none') {
    throw new UsageError(`--fail-on must be error, warning, note or none (got "${failOn}")`);
  }
  if (v.fix && v['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run cannot be combined');
  if (v.output === '') throw new UsageError('--output needs a file name');
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    format,
    failOn,
    ...(v.output !== undefined ? { output: v.output } : {}),
    ...(v.config !== undefined ? { config: v.config } : {}),
    noColor: v['no-color'] ?? false,
    quiet: v.quiet ?? false,
    fix: v.fix ?? false,
    fixDryRun: v['fix-dry-run'] ?? false,
    timing: v.timing ?? false,
    help: v.help ?? false,
  };
}
