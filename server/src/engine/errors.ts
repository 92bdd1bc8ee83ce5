/** The catalogue of errors PerfLens reports to users and logs. Codes are stable; text is user-facing. */
export const ERROR_CATALOGUE = {
  PL1001: 'File could not be read',
  PL1002: 'File looks binary and was skipped',
  PL1003: 'File is too large to analyse and was skipped',
  PL1004: 'The TypeScript checker overflowed the stack on this file; type-aware checks were skipped',
  PL1005: 'A rule failed on this file; its other rules still ran',
  PL1006: 'tsconfig/jsconfig could not be read; its files are analysed as loose files',
  PL1007: 'Configuration file .perflensrc.json is invalid',
  PL1008: 'Unknown rule id in configuration',
  PL2001: 'Internal error in the language server handler',
  PL3001: 'Profile file is malformed',
  PL3002: 'Profiled script failed',
  PL2002: 'Invalid PerfLens settings from the editor; defaults were used for the bad values',
  PL1009: 'File has syntax errors; findings cover the parts that parse',
  PL3003: 'The profiler could not start or attach to the script',
} as const;
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class PerfLensError extends Error {
  constructor(readonly code: ErrorCode, detail?: string) {
    super(detail ? `${ERROR_CATALOGUE[code]}: ${detail}` : ERROR_CATALOGUE[code]);
    this.name = 'PerfLensError';
  }
}
