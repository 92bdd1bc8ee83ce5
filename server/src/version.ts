/** Set at build time by esbuild's define; falls back for tsx runs. */
declare const __PERFLENS_VERSION__: string | undefined;
export const VERSION: string = typeof __PERFLENS_VERSION__ === 'string' ? __PERFLENS_VERSION__ : '0.1.0';
