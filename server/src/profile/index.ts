/** Public surface of the pure profile model (safe for the webview bundle: no node:fs here). */
export * from './model';
export { ProfileFormatError } from './errors';
export { importProfile, importProfileBytes, detectFormat, importCpuProfile, importCpuProfileBytes, importCpuProfileStream, importHeapProfile, importSpeedscope, type ImportOptions, type ByteSource } from './importers/index';
export { mapFrames } from './map-frames';
export { buildHotspots, costForRange, costForFinding, topN, type HotspotTable, type HotspotRow, type FunctionHotspot, type LineHotspot, type HotspotOptions, type RangeCost } from './hotspots';
export { diffProfiles, type FunctionDiff } from './diff';
export { toFlameTree, flameTreeToPlain, flameTreeFromPlain, type FlameTree, type PlainFlameTree, type FlameTreeOptions } from './flame-tree';
export { toCpuProfile, type V8CpuProfile } from './exporters/cpuprofile';
export { toHeapProfileJSON } from './exporters/heapprofile';
export { toCollapsed, collapsedLines, type CollapsedOptions } from './exporters/collapsed';
export { toSpeedscope, type SpeedscopeFile, type SpeedscopeExportOptions } from './exporters/speedscope';
