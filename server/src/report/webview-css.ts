/**
 * The flame page's stylesheet, inlined by the HTML builder in a nonce'd <style>. Colours come from
 * VS Code's --vscode-* variables, with fallbacks so the standalone report looks the same.
 */
export const WEBVIEW_CSS = String.raw`
:root {
  --pl-bg: var(--vscode-editor-background, #1e1e1e);
  --pl-fg: var(--vscode-editor-foreground, #cccccc);
  --pl-muted: var(--vscode-descriptionForeground, #9d9d9d);
  --pl-border: var(--vscode-panel-border, #3c3c3c);
  --pl-input-bg: var(--vscode-input-background, #2a2a2a);
  --pl-input-fg: var(--vscode-input-foreground, #cccccc);
  --pl-input-border: var(--vscode-input-border, #3c3c3c);
  --pl-button-bg: var(--vscode-button-secondaryBackground, #3a3d41);
  --pl-button-fg: var(--vscode-button-secondaryForeground, #ffffff);
  --pl-accent-bg: var(--vscode-button-background, #0e639c);
  --pl-accent-fg: var(--vscode-button-foreground, #ffffff);
  --pl-focus: var(--vscode-focusBorder, #007fd4);
  --pl-selection: var(--vscode-list-activeSelectionBackground, #04395e);
  --pl-hover: var(--vscode-list-hoverBackground, #2a2d2e);
  --pl-error: var(--vscode-errorForeground, #f48771);
  --pl-warning: var(--vscode-editorWarning-foreground, #cca700);
  --pl-font: var(--vscode-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
  --pl-font-size: var(--vscode-font-size, 13px);
  --pl-mono: var(--vscode-editor-font-family, ui-monospace, Menlo, Consolas, monospace);
}
@media (prefers-color-scheme: light) {
  body:not([class*="vscode-"]) {
    --pl-bg: #ffffff; --pl-fg: #333333; --pl-muted: #6c6c6c; --pl-border: #d4d4d4; --pl-input-bg: #ffffff;
    --pl-input-fg: #333333; --pl-input-border: #cecece; --pl-button-bg: #e4e4e4; --pl-button-fg: #333333;
    --pl-selection: #cce4f7; --pl-hover: #f0f0f0;
  }
}
html, body { height: 100%; margin: 0; padding: 0; }
body { background: var(--pl-bg); color: var(--pl-fg); font-family: var(--pl-font); font-size: var(--pl-font-size); overflow: hidden; }
#app { display: flex; flex-direction: column; height: 100vh; }
button { font: inherit; color: var(--pl-button-fg); background: var(--pl-button-bg); border: 1px solid transparent; border-radius: 2px; padding: 2px 8px; cursor: pointer; }
button:disabled { opacity: 0.45; cursor: default; }
button:focus-visible, input:focus-visible, li:focus-visible, tr:focus-visible { outline: 1px solid var(--pl-focus); outline-offset: -1px; }
/* the flame view draws its focus ring on its canvas: an outline on the (non-composited) scroller re-rasters the whole view */
.flame-scroll:focus-visible { outline: none; }
.toolbar { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border-bottom: 1px solid var(--pl-border); flex-wrap: wrap; }
/* its own layer: the search box's composited caret otherwise pushes everything painted after it into a
   viewport-sized overlap layer that is re-rastered (~20 tiles) when the box takes focus */
.toolbar { will-change: transform; }
.toolbar .title { font-weight: 600; max-width: 24ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.tabs { display: flex; gap: 2px; }
.tab.active { background: var(--pl-accent-bg); color: var(--pl-accent-fg); }
.search { min-width: 16em; flex: 0 1 24em; font: inherit; color: var(--pl-input-fg); background: var(--pl-input-bg); border: 1px solid var(--pl-input-border); padding: 3px 6px; }
.search[aria-invalid="true"] { border-color: var(--pl-error); }
.search-info { color: var(--pl-muted); min-width: 8em; }
.search-info.error { color: var(--pl-error); }
.filter { display: flex; align-items: center; gap: 4px; user-select: none; }
.breadcrumb { display: flex; align-items: center; gap: 4px; padding: 3px 8px; min-height: 22px; overflow: hidden; white-space: nowrap; border-bottom: 1px solid var(--pl-border); }
/* its own small layer: a zoom rewrites it, and in the page's root layer that re-rastered five 256 px tiles */
.breadcrumb { will-change: transform; }
.breadcrumb .crumb { background: transparent; color: var(--pl-fg); padding: 0 4px; max-width: 28ch; overflow: hidden; text-overflow: ellipsis; }
.breadcrumb .crumb[aria-current="true"] { font-weight: 600; }
.breadcrumb .sep, .breadcrumb .more { color: var(--pl-muted); }
.error-box { padding: 8px; color: var(--pl-error); border-bottom: 1px solid var(--pl-border); white-space: pre-wrap; }
.main { display: flex; flex: 1; min-height: 0; }
.views { flex: 1; min-width: 0; display: flex; }
.view { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.view[hidden] { display: none; }
.flame-scroll { position: relative; flex: 1; min-height: 0; overflow-y: auto; overflow-x: hidden; }
.flame-canvas { position: sticky; top: 0; display: block; width: 100%; height: 100%; cursor: pointer; }
.flame-spacer { width: 1px; }
.sandwich { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.sandwich .pane { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.sandwich .pane + .pane { border-top: 1px solid var(--pl-border); }
.sandwich.no-selection .pane { display: none; }
.pane-title { padding: 2px 8px; color: var(--pl-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.empty { padding: 12px; color: var(--pl-muted); }
.table-scroll { flex: 1; overflow: auto; }
table.bottom-up { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.bottom-up th { position: sticky; top: 0; background: var(--pl-bg); text-align: left; border-bottom: 1px solid var(--pl-border); }
table.bottom-up th button { background: transparent; color: var(--pl-fg); padding: 2px 4px; }
table.bottom-up td { padding: 1px 6px; white-space: nowrap; }
table.bottom-up td.num { text-align: right; }
table.bottom-up td.fn { font-family: var(--pl-mono); }
table.bottom-up td.loc { color: var(--pl-muted); overflow: hidden; text-overflow: ellipsis; max-width: 40vw; }
table.bottom-up tr:hover { background: var(--pl-hover); cursor: pointer; }
.table-note { color: var(--pl-muted); padding: 4px 8px; }
.findings { width: 300px; flex: 0 0 300px; border-left: 1px solid var(--pl-border); overflow-y: auto; padding: 0 6px; }
.findings h2 { font-size: 1em; margin: 8px 2px; }
.findings-list { list-style: none; margin: 0; padding: 0; }
.finding { position: relative; padding: 6px; border: 1px solid transparent; border-radius: 3px; cursor: pointer; }
.finding:hover { background: var(--pl-hover); }
.finding.selected { background: var(--pl-selection); border-color: var(--pl-focus); }
.finding-head { display: flex; justify-content: space-between; gap: 6px; }
.finding .rule { font-weight: 600; }
.finding .rule.sev-error { color: var(--pl-error); }
.finding .rule.sev-warning { color: var(--pl-warning); }
.finding .cost { color: var(--pl-muted); white-space: nowrap; }
.finding-loc { color: var(--pl-muted); font-family: var(--pl-mono); font-size: 0.92em; }
.finding-msg { margin: 2px 0 4px; overflow-wrap: anywhere; }
.finding .apply { background: var(--pl-accent-bg); color: var(--pl-accent-fg); }
.status { padding: 2px 8px; min-height: 18px; border-top: 1px solid var(--pl-border); color: var(--pl-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tooltip { position: fixed; left: 0; top: 0; z-index: 10; will-change: transform; pointer-events: none; max-width: 60ch; padding: 4px 8px; border-radius: 3px;
  background: var(--vscode-editorHoverWidget-background, #252526); color: var(--vscode-editorHoverWidget-foreground, #cccccc);
  border: 1px solid var(--vscode-editorHoverWidget-border, #454545); }
.tooltip[hidden] { display: none; }
.tt-name { font-family: var(--pl-mono); font-weight: 600; overflow-wrap: anywhere; }
.tt-loc { color: var(--pl-muted); overflow-wrap: anywhere; }
body.vscode-high-contrast .finding.selected, body.vscode-high-contrast-light .finding.selected { outline: 1px solid var(--vscode-contrastActiveBorder, #f38518); }
body.vscode-high-contrast button, body.vscode-high-contrast-light button { border-color: var(--vscode-contrastBorder, #6fc3df); }
@media (forced-colors: active) { .tab.active { forced-color-adjust: none; } }
`;
