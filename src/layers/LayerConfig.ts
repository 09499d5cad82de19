import type { AvgPool2DConfig } from './AvgPool2D';
import type { BatchNorm1DConfig } from './BatchNorm1D';
import type { BatchNorm2DConfig } from './BatchNorm2D';
import type { Conv2DConfig } from './Conv2D';
import type { GlobalAvgPool2DConfig } from './GlobalAvgPool2D';
import type { LayerNormConfig } from './LayerNorm';
import type { LinearConfig } from './Linear';
import type { MaxPool2DConfig } from './MaxPool2D';
import type { ReLUConfig } from './ReLU';
import type { ReshapeConfig } from './Reshape';

/** Every layer's config, discriminated by `type` (the exported class name). */
export type LayerConfig =
  | LinearConfig
  | ReLUConfig
  // convolutional
  | Conv2DConfig
  | MaxPool2DConfig
  | AvgPool2DConfig
  | GlobalAvgPool2DConfig
  // normalisation
  | BatchNorm1DConfig
  | BatchNorm2DConfig
  | LayerNormConfig
  // reshaping
  | ReshapeConfig;

export type LayerType = LayerConfig['type'];
