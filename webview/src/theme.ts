/**
 * Reads VS Code's theme variables (--vscode-*) from the page; the report page defines the same
 * variables with fallbacks in its stylesheet. Body classes vscode-high-contrast(-light) switch to
 * flat, outlined frames.
 */
import { DEFAULT_THEME, type Theme } from './flame/palette';

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const cls = document.body.classList;
  const highContrast = cls.contains('vscode-high-contrast') || cls.contains('vscode-high-contrast-light');
  const kind = themeKindFromBody();
  const dark = kind === undefined
    ? !window.matchMedia?.('(prefers-color-scheme: light)').matches
    : !(kind === 'light' || kind === 'highContrastLight');
  const background = cssVar(style, '--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const foreground = cssVar(style, '--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  const size = parseFloat(cssVar(style, '--vscode-editor-font-size', '12'));
  return {
    ...DEFAULT_THEME,
    background,
    foreground,
    frameText: '#1b1b1b',
    searchMatch: highContrast ? (dark ? '#ffff00' : '#b5200d') : '#e040fb',
    dimmed: dark ? '#5a5a5a' : '#d0d0d0',
    focusBorder: cssVar(style, '--vscode-focusBorder', '#007fd4'),
    highlight: highContrast ? cssVar(style, '--vscode-contrastActiveBorder', '#f38518') : '#00b7ff',
    highContrast,
    contrastBorder: cssVar(style, '--vscode-contrastBorder', dark ? '#6fc3df' : '#0f4a85'),
    fontFamily: cssVar(style, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(size) ? Math.min(14, Math.max(10, size - 1)) : 12,
    dark,
  };
}

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export function themeKindFromBody(): ThemeKind | undefined {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'highContrastLight';
  if (c.contains('vscode-high-contrast')) return 'highContrast';
  if (c.contains('vscode-light')) return 'light';
  if (c.contains('vscode-dark')) return 'dark';
  return undefined;
}

/** Applies a host theme message in the standalone page (VS Code sets the body classes itself). */
export function applyThemeKind(kind: ThemeKind): void {
  if (themeKindFromBody() === kind) return;
  const cls = document.body.classList;
  cls.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
  cls.add(kind === 'light' ? 'vscode-light' : kind === 'dark' ? 'vscode-dark' : kind === 'highContrast' ? 'vscode-high-contrast' : 'vscode-high-contrast-light');
}
