// The public API of kubiki. Nothing but exports.
export { KubikiError, ShapeError, ConfigError, DataError, NumericError } from './errors';

export { Tensor, shapeSize } from './tensor/Tensor';
export type { Shape, DType, FloatArray, NestedArray } from './tensor/Tensor';
export { createRng, manualSeed, globalRng } from './tensor/rng';
export type { Rng } from './tensor/rng';

export * as kernels from './kernels';
export { gemm } from './kernels/gemm';
export { setBackend, getBackend, setThreads, getThreads, getKernelInfo } from './kernels/backend';
export type { Backend, KernelInfo } from './kernels/backend';

export type { Layer, Param, StateTensor, CustomLayerConfig } from './layers/Layer';
export type { LayerConfig, LayerType, ConfigOf } from './layers/LayerConfig';
export { buildLayer, LAYER_TYPES, registerLayer, unregisterLayer } from './layers/buildLayer';
export type { LayerFactory } from './layers/buildLayer';
export { INITS } from './layers/init';
export type { Init } from './layers/init';
export { Linear } from './layers/Linear';
export type { LinearOptions } from './layers/Linear';
export { ReLU } from './layers/ReLU';
export { LeakyReLU } from './layers/LeakyReLU';
export { PReLU } from './layers/PReLU';
export type { PReLUOptions } from './layers/PReLU';
export { ELU } from './layers/ELU';
export { Sigmoid } from './layers/Sigmoid';
export { Tanh } from './layers/Tanh';
export { Softplus } from './layers/Softplus';
export { GELU } from './layers/GELU';
export { SiLU } from './layers/SiLU';
export { Identity } from './layers/Identity';
export { Softmax } from './layers/Softmax';
export { LogSoftmax } from './layers/LogSoftmax';
export { Dropout } from './layers/Dropout';
export type { DropoutOptions } from './layers/Dropout';
export { Flatten } from './layers/Flatten';
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
export { buildLoss, LOSS_TYPES } from './losses/buildLoss';
export { MSELoss } from './losses/MSELoss';
export { L1Loss } from './losses/L1Loss';
export { HuberLoss } from './losses/HuberLoss';
export { BCELoss } from './losses/BCELoss';
export { BCEWithLogitsLoss } from './losses/BCEWithLogitsLoss';
export { CrossEntropyLoss } from './losses/CrossEntropyLoss';
export { NLLLoss } from './losses/NLLLoss';

export type { Optimizer } from './optim/Optimizer';
export type { OptimizerConfig, OptimizerType } from './optim/OptimizerConfig';
export { buildOptimizer, OPTIMIZER_TYPES } from './optim/buildOptimizer';
export { SGD } from './optim/SGD';
export type { SGDOptions } from './optim/SGD';
export { Adam } from './optim/Adam';
export type { AdamOptions } from './optim/Adam';
export { AdamW } from './optim/AdamW';
export { RMSprop } from './optim/RMSprop';
export type { RMSpropOptions } from './optim/RMSprop';
export { Adagrad } from './optim/Adagrad';
export type { AdagradOptions } from './optim/Adagrad';
export { clipGradNorm } from './optim/clipGradNorm';
export { buildSchedule, SCHEDULE_TYPES } from './optim/schedules';
export type { Schedule, ScheduleConfig } from './optim/schedules';

export { gradCheck } from './model/gradCheck';
export type { GradCheckOptions, GradCheckResult, GradCheckTarget } from './model/gradCheck';
export { Sequential } from './model/Sequential';
export type { FitOptions, History, EpochLogs, BatchLogs, EvaluateOptions, EvaluateResult, EarlyStopping } from './model/fit';
export { MONITORS } from './model/EarlyStopper';
export type { Monitor } from './model/EarlyStopper';
export { accuracy, countCorrect, confusionMatrix, precisionRecall, predictedLabels, targetLabels, thresholdFor, METRICS } from './model/metrics';
export type { Metric, ClassReport } from './model/metrics';
export { saveModel, loadModel } from './model/modelFile';
export { atomicWrite } from './model/atomicWrite';
export { MODEL_FORMAT, MODEL_VERSION } from './model/serialize';
export type { ModelDocument, SavedTensor } from './model/serialize';

export { loadCsv, csvDataset, parseCsv, splitIndices, takeRows, fitNormalizer, applyNormalizer, NORMALIZATIONS } from './data';
export type { CsvDataset, CsvOptions, LabelColumn, CsvRecord, Normalizer, Normalization } from './data';
export { loadConfig, validateConfig } from './config';
export type { KubikiConfig } from './config';

export { exportTfjs } from './interop/exportTfjs';
export type { ExportTfjsOptions } from './interop/exportTfjs';
export { importTfjs } from './interop/importTfjs';
export type { ImportOptions } from './interop/importOptions';
export type { ChannelsLast } from './interop/kerasOptions';
export { importKerasJson } from './interop/importKerasJson';
export type { KerasWeights } from './interop/importKerasJson';
export { exportOnnx } from './interop/exportOnnx';
export type { ExportOnnxOptions } from './interop/exportOnnx';

export { Var, noGrad, concat, gather, Module, LossModule } from './autograd';
export type { Operand, VarOptions, ModuleConfig, ModuleOptions } from './autograd';
