// The public API of kubiki. Nothing but exports.
export { KubikiError, ShapeError, ConfigError, DataError, NumericError } from './errors';

export { Tensor, shapeSize } from './tensor/Tensor';
export type { Shape, DType, FloatArray, NestedArray } from './tensor/Tensor';
export { createRng, manualSeed, globalRng } from './tensor/rng';
export type { Rng } from './tensor/rng';

export * as kernels from './kernels';

export type { Layer, Param, StateTensor } from './layers/Layer';
export type { LayerConfig, LayerType } from './layers/LayerConfig';
export { buildLayer, LAYER_TYPES } from './layers/buildLayer';
export { INITS } from './layers/init';
export type { Init } from './layers/init';
export { Linear } from './layers/Linear';
export type { LinearOptions } from './layers/Linear';
export { ReLU } from './layers/ReLU';
export { Conv2D } from './layers/Conv2D';
export type { Conv2DOptions, Conv2DPadding } from './layers/Conv2D';
export { MaxPool2D } from './layers/MaxPool2D';
export { AvgPool2D } from './layers/AvgPool2D';
export { GlobalAvgPool2D } from './layers/GlobalAvgPool2D';
export { BatchNorm } from './layers/BatchNorm';
export type { BatchNormOptions } from './layers/BatchNorm';
export { BatchNorm1D } from './layers/BatchNorm1D';
export { BatchNorm2D } from './layers/BatchNorm2D';
export { LayerNorm } from './layers/LayerNorm';
export type { LayerNormOptions } from './layers/LayerNorm';
export { Reshape } from './layers/Reshape';

export type { Loss } from './losses/Loss';
export type { LossConfig, LossType } from './losses/LossConfig';

export type { Optimizer } from './optim/Optimizer';
export type { OptimizerConfig, OptimizerType } from './optim/OptimizerConfig';

export { gradCheck } from './model/gradCheck';
export type { GradCheckOptions, GradCheckResult, GradCheckTarget } from './model/gradCheck';
