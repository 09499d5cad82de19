// The public API of kubiki. Nothing but exports.
export { KubikiError, ShapeError, ConfigError, DataError, NumericError } from './errors';

export { Tensor, shapeSize } from './tensor/Tensor';
export type { Shape, DType, FloatArray, NestedArray } from './tensor/Tensor';
export { createRng, manualSeed, globalRng } from './tensor/rng';
export type { Rng } from './tensor/rng';

export * as kernels from './kernels';
export { setBackend, getBackend, setThreads, getThreads } from './kernels/backend';
export type { Backend } from './kernels/backend';

export type { Layer, Param, StateTensor } from './layers/Layer';
export type { LayerConfig, LayerType } from './layers/LayerConfig';
export { buildLayer, LAYER_TYPES } from './layers/buildLayer';
export { INITS } from './layers/init';
export type { Init } from './layers/init';
export { Linear } from './layers/Linear';
export type { LinearOptions } from './layers/Linear';
export { ReLU } from './layers/ReLU';

export type { Loss } from './losses/Loss';
export type { LossConfig, LossType } from './losses/LossConfig';

export type { Optimizer } from './optim/Optimizer';
export type { OptimizerConfig, OptimizerType } from './optim/OptimizerConfig';

export { gradCheck } from './model/gradCheck';
export type { GradCheckOptions, GradCheckResult, GradCheckTarget } from './model/gradCheck';
