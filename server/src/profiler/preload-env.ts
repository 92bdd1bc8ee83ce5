/** Environment variables the parent sets for dist/preload.js (see preload.ts). */
export const PRELOAD_ENV = {
  capture: 'PERFLENS_CAPTURE',
  profileDir: 'PERFLENS_PROFILE_DIR',
  interval: 'PERFLENS_INTERVAL_US',
  heap: 'PERFLENS_HEAP',
  v8ProfilerNext: 'PERFLENS_V8PN',
} as const;
