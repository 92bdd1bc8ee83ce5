/**
 * Frame colours: hue by category (your code warm, dependencies blue, runtime green, GC/idle grey),
 * lightness jittered by a hash of the name so neighbours stay distinguishable. Computed once per frame.
 */
import { CAT, type ProfileData } from './profile-data';

export interface Theme {
  background: string;
  foreground: string;
  /** text drawn on frames */
  frameText: string;
  searchMatch: string;
  dimmed: string;
  focusBorder: string;
  highlight: string;
  /** high contrast: outline every frame, flat colours */
  highContrast: boolean;
  contrastBorder: string;
  fontFamily: string;
  fontSize: number;
  dark: boolean;
}

export const DEFAULT_THEME: Theme = {
  background: '#1e1e1e',
  foreground: '#cccccc',
  frameText: '#1b1b1b',
  searchMatch: '#e040fb',
  dimmed: '#8a8a8a',
  focusBorder: '#007fd4',
  highlight: '#00e5ff',
  highContrast: false,
  contrastBorder: '#6fc3df',
  fontFamily: 'system-ui, sans-serif',
  fontSize: 12,
  dark: true,
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
  return h >>> 0;
}

const HUES: Record<number, [number, number]> = {
  [CAT.user]: [18, 38], // orange-red band
  [CAT.node_modules]: [195, 220], // blue band
  [CAT.node]: [95, 130], // green band
  [CAT.native]: [45, 55], // yellow band
  [CAT.gc]: [280, 290],
  [CAT.idle]: [0, 0],
  [CAT.program]: [0, 0],
};

/** One frame's colour (the renderer computes them lazily, only for frames it draws). */
export function frameColor(p: ProfileData, f: number, theme: Theme): string {
  const cat = p.frameCategory[f]!;
  if (theme.highContrast) return theme.dark ? '#000000' : '#ffffff';
  const [h0, h1] = HUES[cat] ?? [0, 0];
  const grey = cat === CAT.idle || cat === CAT.program;
  const h = hash(p.names[p.frameName[f]!] ?? '');
  const hue = h0 + (h % 1000) / 1000 * (h1 - h0);
  const sat = grey ? 0 : 70 + ((h >>> 10) % 20);
  const light = (grey ? 70 : 58) + ((h >>> 20) % 14);
  return hslToHex(hue, sat, light);
}

export const ROOT_COLOR = hslToHex(0, 0, 62);

/** '#rrggbb' (canvas parses hex colour strings faster than hsl(), and this runs once per frame) */
export function hslToHex(h: number, s: number, l: number): string {
  const sat = s / 100;
  const lig = l / 100;
  const a = sat * Math.min(lig, 1 - lig);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = lig - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
