// The wasm module's entry: everything exported here is callable from src/kernels/wasm.
export * from './gemm';
export * from './elementwise';
export * from './optim';
export * from './recurrent';
export * from './conv';
export * from './pool';
export * from './norm';
export * from './directConv';
