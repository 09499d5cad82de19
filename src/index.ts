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
export { LeakyReLU } from './layers/LeakyReLU';
export { ELU } from './layers/ELU';
export { Sigmoid } from './layers/Sigmoid';
export { Tanh } from './layers/Tanh';
export { Softplus } from './layers/Softplus';
export { GELU } from './layers/GELU';
export { Identity } from './layers/Identity';
export { Softmax } from './layers/Softmax';
export { LogSoftmax } from './layers/LogSoftmax';
export { Dropout } from './layers/Dropout';
export type { DropoutOptions } from './layers/Dropout';
export { Flatten } from './layers/Flatten';

export type { Loss } from './losses/Loss';
export type { LossConfig, LossType } from './losses/LossConfig';

export type { Optimizer } from './optim/Optimizer';
export type { OptimizerConfig, OptimizerType } from './optim/OptimizerConfig';

export { gradCheck } from './model/gradCheck';
export type { GradCheckOptions, GradCheckResult, GradCheckTarget } from './model/gradCheck';
export { Sequential } from './model/Sequential';
export type { FitOptions, History, EpochLogs, BatchLogs, EvaluateOptions, EvaluateResult, EarlyStopping } from './model/fit';
export { MONITORS } from './model/EarlyStopper';
export type { Monitor } from './model/EarlyStopper';
export { accuracy, countCorrect, confusionMatrix, precisionRecall, predictedLabels, targetLabels, METRICS } from './model/metrics';
export type { Metric, ClassReport } from './model/metrics';
export { saveModel, loadModel } from './model/modelFile';
export { MODEL_FORMAT, MODEL_VERSION } from './model/serialize';
export type { ModelDocument, SavedTensor } from './model/serialize';

export { loadCsv, csvDataset, parseCsv, splitIndices, takeRows, fitNormalizer, applyNormalizer, NORMALIZATIONS } from './data';
export type { CsvDataset, CsvOptions, LabelColumn, CsvRecord, Normalizer, Normalization } from './data';
