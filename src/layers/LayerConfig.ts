import type { ConcatConfig } from '../containers/Concat';
import type { ResidualConfig } from '../containers/Residual';
import type { SequentialConfig } from '../model/Sequential';
import type { AvgPool2DConfig } from './AvgPool2D';
import type { BatchNorm1DConfig } from './BatchNorm1D';
import type { BatchNorm2DConfig } from './BatchNorm2D';
import type { Conv2DConfig } from './Conv2D';
import type { DropoutConfig } from './Dropout';
import type { ELUConfig } from './ELU';
import type { FlattenConfig } from './Flatten';
import type { GELUConfig } from './GELU';
import type { GlobalAvgPool2DConfig } from './GlobalAvgPool2D';
import type { IdentityConfig } from './Identity';
import type { LayerNormConfig } from './LayerNorm';
import type { LeakyReLUConfig } from './LeakyReLU';
import type { LinearConfig } from './Linear';
import type { LogSoftmaxConfig } from './LogSoftmax';
import type { MaxPool2DConfig } from './MaxPool2D';
import type { PReLUConfig } from './PReLU';
import type { ReLUConfig } from './ReLU';
import type { ReshapeConfig } from './Reshape';
import type { SiLUConfig } from './SiLU';
import type { SigmoidConfig } from './Sigmoid';
import type { SoftmaxConfig } from './Softmax';
import type { SoftplusConfig } from './Softplus';
import type { TanhConfig } from './Tanh';
import type { EmbeddingConfig } from './Embedding';
import type { SimpleRNNConfig } from './SimpleRNN';
import type { LSTMConfig } from './LSTM';
import type { GRUConfig } from './GRU';
import type { BidirectionalConfig } from './Bidirectional';
import type { LastStepConfig } from './LastStep';
import type { GlobalAvgPool1DConfig } from './GlobalAvgPool1D';
import type { GlobalMaxPool1DConfig } from './GlobalMaxPool1D';
import type { PositionalEmbeddingConfig } from './PositionalEmbedding';
import type { MultiHeadAttentionConfig } from './MultiHeadAttention';

/** Every layer's config, discriminated by `type` (the exported class name). */
export type LayerConfig =
  // dense
  | LinearConfig
  // activations
  | ReLUConfig
  | LeakyReLUConfig
  | PReLUConfig
  | ELUConfig
  | SigmoidConfig
  | TanhConfig
  | SoftplusConfig
  | GELUConfig
  | SiLUConfig
  | IdentityConfig
  | SoftmaxConfig
  | LogSoftmaxConfig
  // regularisation and reshaping
  | DropoutConfig
  | FlattenConfig
  | ReshapeConfig
  // convolutional
  | Conv2DConfig
  | MaxPool2DConfig
  | AvgPool2DConfig
  | GlobalAvgPool2DConfig
  // normalisation
  | BatchNorm1DConfig
  | BatchNorm2DConfig
  | LayerNormConfig
  // sequences
  | EmbeddingConfig
  | SimpleRNNConfig
  | LSTMConfig
  | GRUConfig
  | BidirectionalConfig
  | LastStepConfig
  | GlobalAvgPool1DConfig
  | GlobalMaxPool1DConfig
  | PositionalEmbeddingConfig
  | MultiHeadAttentionConfig
  // containers
  | SequentialConfig
  | ResidualConfig
  | ConcatConfig;

export type LayerType = LayerConfig['type'];

/** The config of one layer type: ConfigOf<'Linear'> is LinearConfig. */
export type ConfigOf<K extends LayerType> = Extract<LayerConfig, { type: K }>;
