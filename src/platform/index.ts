/*
 * The host, chosen at build time: the CommonJS build (tsc) uses ./node; the browser bundle's
 * esbuild plugin resolves './node' here to './browser'. Nothing else in src/ imports either.
 */
export { platform } from './node';
export { IN_MEMORY } from './Platform';
export type { FileApi, FileSystem, PathApi, Platform, ReadHandle, WorkerHandle } from './Platform';
