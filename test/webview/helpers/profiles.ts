/**
 * Small known profiles for the webview tests, as raw V8 .cpuprofile / .heapprofile documents, so the
 * whole real pipeline runs: importer (profile model) → profileToWire → page.
 *
 * knownCpuProfile (1 sample = 1 ms, 100 samples), time order:
 *   main×5, work×10, lodashMap×5, callback×15, lodashMap×5, work×20, JSON.parse×5, render×10,
 *   render>work×20, (garbage collector)×3, (idle)×2
 * Left-heavy flame graph (total 100 ms): all → main 95 (work 60 (lodashMap 25 (callback 15), JSON.parse 5), render 30 (work 20)), gc 3, idle 2
 */
interface RawNode { id: number; callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number }; hitCount: number; children?: number[] }

export const FILES = {
  main: '/app/src/main.js',
  work: '/app/src/work.js',
  render: '/app/src/render.js',
  lodash: '/app/node_modules/lodash/map.js',
};

function frame(functionName: string, path: string, line0: number, col0: number) {
  return { functionName, scriptId: path ? '1' : '0', url: path ? `file://${path}` : '', lineNumber: line0, columnNumber: col0 };
}

export function knownCpuProfile(names: Partial<Record<'main' | 'work' | 'render' | 'callback', string>> = {}) {
  const n = (k: 'main' | 'work' | 'render' | 'callback', d: string) => names[k] ?? d;
  const nodes: RawNode[] = [
    { id: 1, callFrame: frame('(root)', '', -1, -1), hitCount: 0, children: [2, 9, 10, 11] },
    { id: 2, callFrame: frame(n('main', 'main'), FILES.main, 0, 0), hitCount: 0, children: [3, 7] },
    { id: 3, callFrame: frame(n('work', 'work'), FILES.work, 9, 16), hitCount: 0, children: [4, 6] },
    { id: 4, callFrame: frame('lodashMap', FILES.lodash, 4, 2), hitCount: 0, children: [5] },
    { id: 5, callFrame: frame(n('callback', 'callback'), FILES.work, 19, 4), hitCount: 0 },
    { id: 6, callFrame: frame('parse', '', -1, -1), hitCount: 0 },
    { id: 7, callFrame: frame(n('render', 'render'), FILES.render, 2, 7), hitCount: 0, children: [8] },
    { id: 8, callFrame: frame(n('work', 'work'), FILES.work, 9, 16), hitCount: 0 },
    { id: 9, callFrame: frame('(garbage collector)', '', -1, -1), hitCount: 0 },
    { id: 10, callFrame: frame('(idle)', '', -1, -1), hitCount: 0 },
    { id: 11, callFrame: frame('(program)', '', -1, -1), hitCount: 0 },
  ];
  const runs: Array<[number, number]> = [[2, 5], [3, 10], [4, 5], [5, 15], [4, 5], [3, 20], [6, 5], [7, 10], [8, 20], [9, 3], [10, 2]];
  const samples: number[] = [];
  for (const [id, count] of runs) for (let i = 0; i < count; i++) samples.push(id);
  for (const node of nodes) node.hitCount = samples.filter((s) => s === node.id).length;
  const startTime = 1_000_000;
  const timeDeltas = samples.map(() => 1000);
  return { nodes, startTime, endTime: startTime + 1000 * (samples.length + 1), samples, timeDeltas };
}

/** A heap sampling profile: main allocates 1 MB itself and 3 MB in build. */
export function knownHeapProfile() {
  const cf = (functionName: string, path: string, line0: number) => ({ functionName, scriptId: '1', url: `file://${path}`, lineNumber: line0, columnNumber: 0 });
  return {
    head: {
      callFrame: { functionName: '(root)', scriptId: '0', url: '', lineNumber: -1, columnNumber: -1 }, selfSize: 0, id: 1,
      children: [
        { callFrame: cf('main', FILES.main, 0), selfSize: 1024 * 1024, id: 2, children: [
          { callFrame: cf('build', FILES.work, 30), selfSize: 3 * 1024 * 1024, id: 3, children: [] },
        ] },
      ],
    },
    samples: [],
  };
}
