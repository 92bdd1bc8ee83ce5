/** Human-readable weights: µs → ms/s for CPU, bytes → kB/MB for heap. */
import type { WeightUnit } from './flame/profile-data';

export function formatWeight(value: number, unit: WeightUnit): string {
  switch (unit) {
    case 'microseconds': return formatMs(value / 1000);
    case 'milliseconds': return formatMs(value);
    case 'bytes': return formatBytes(value);
    default: return `${Math.round(value)} samples`;
  }
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatBytes(b: number): string {
  if (b >= 1024 * 1024) return `${(b / (1024 * 1024)).toFixed(1)} MB`;
  if (b >= 1024) return `${(b / 1024).toFixed(1)} kB`;
  return `${Math.round(b)} B`;
}

export function formatShare(share: number): string {
  const pct = share * 100;
  return pct >= 10 ? `${pct.toFixed(0)} %` : pct >= 0.1 ? `${pct.toFixed(1)} %` : `${pct.toFixed(2)} %`;
}
