/*
 * The browser bundle plus the GEMM pool's internals, bundled by test/browser/threads.test.ts with
 * the options and platform swap of scripts/buildBrowser.js (minified the same way), so a page or
 * worker can see whether its Web Workers are ready and ran chunks of a product.
 */
export * from '../../src';
export { backendState, gemmPool } from '../../src/kernels/backend';
export { PARALLEL_MIN_MACS, setParallelMinMacs } from '../../src/kernels/wasm/gemmWasm';
