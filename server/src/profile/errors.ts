import { PerfLensError } from '../engine/errors';

/**
 * The only error importers throw: PL3001 "Profile file is malformed", with a detail naming what is
 * wrong and where (a JSON-ish path such as `nodes[12].children[3]`).
 */
export class ProfileFormatError extends PerfLensError {
  constructor(readonly detail: string) {
    super('PL3001', detail);
    this.name = 'ProfileFormatError';
  }
}

export function fail(detail: string): never {
  throw new ProfileFormatError(detail);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number within [min, max] (integers when `int`); `fallback` when absent (undefined). */
export function numberAt(v: unknown, path: string, opts: { min?: number; max?: number; int?: boolean; fallback?: number } = {}): number {
  if (v === undefined && opts.fallback !== undefined) return opts.fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path} is not a finite number (${describe(v)})`);
  if (opts.int && !Number.isSafeInteger(v)) fail(`${path} is not a safe integer (${v})`);
  if (opts.min !== undefined && v < opts.min) fail(`${path} is below ${opts.min} (${v})`);
  if (opts.max !== undefined && v > opts.max) fail(`${path} is above ${opts.max} (${v})`);
  return v;
}

export function stringAt(v: unknown, path: string, fallback?: string): string {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') fail(`${path} is not a string (${describe(v)})`);
  return v;
}

export function arrayAt(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(`${path} is not an array (${describe(v)})`);
  return v;
}

export function recordAt(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) fail(`${path} is not an object (${describe(v)})`);
  return v;
}

/** Short, safe description of a bad value for error text (never the whole value). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return String(v);
  return typeof v;
}

/** Weights above this are not plausible (2^53 µs ≈ 285 years); rejecting them keeps sums finite. */
export const MAX_WEIGHT = Number.MAX_SAFE_INTEGER;
