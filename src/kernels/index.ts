/*
 * The kernel boundary: layers, losses and optimizers import numeric code from here only, so a
 * faster backend can replace what stands behind these names without touching them.
 */
export { gemm } from './gemm';
export * from './elementwise';
export * from './activations';
export * from './rows';
export * from './metrics';
export * from './normalize';
export * from './losses';
export * from './optim';
export * from './im2col';
export { directConvApplies } from './directConv';
export * from './pool';
export * from './norm';
export * from './merge';
export * from './sequence';
export * from './sampling';
export * from './recurrent';
export * from './attention';
export { setBackend, getBackend, setThreads, getThreads, getKernelInfo, BACKENDS } from './backend';
export type { Backend, KernelInfo } from './backend';
// Explicit exports take precedence over the `export *` above: these route to wasm when selected.
export {
  reluForward, reluBackward, addRowVector, sumRows, sgdUpdate, adamUpdate, rmspropUpdate, adagradUpdate, adamaxUpdate,
  lstmCellForward, gruCellForward, zeroFill, im2col, col2im, swapLeadingAxes, maxPoolForward, maxPoolBackward,
  channelMeanVariance, batchNormForward, batchNormBackward,
  addChannelBias, sumChannels, directConvForward, directConvFilterGrad, directConvPreferred,
} from './wasmDispatch';
export * from './broadcast';
export * from './unary';
export * from './axis';
export { gemmBatched } from './gemmBatched';
