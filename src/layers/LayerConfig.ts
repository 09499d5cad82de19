import type { DropoutConfig } from './Dropout';
import type { ELUConfig } from './ELU';
import type { FlattenConfig } from './Flatten';
import type { GELUConfig } from './GELU';
import type { IdentityConfig } from './Identity';
import type { LeakyReLUConfig } from './LeakyReLU';
import type { LinearConfig } from './Linear';
import type { LogSoftmaxConfig } from './LogSoftmax';
import type { ReLUConfig } from './ReLU';
import type { SigmoidConfig } from './Sigmoid';
import type { SoftmaxConfig } from './Softmax';
import type { SoftplusConfig } from './Softplus';
import type { TanhConfig } from './Tanh';

/** Every layer's config, discriminated by `type` (the exported class name). */
export type LayerConfig =
  // dense
  | LinearConfig
  // activations
  | ReLUConfig
  | LeakyReLUConfig
  | ELUConfig
  | SigmoidConfig
  | TanhConfig
  | SoftplusConfig
  | GELUConfig
  | IdentityConfig
  | SoftmaxConfig
  | LogSoftmaxConfig
  // regularisation and reshaping
  | DropoutConfig
  | FlattenConfig;

export type LayerType = LayerConfig['type'];
