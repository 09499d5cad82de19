import {
  Adagrad, Adam, BCEWithLogitsLoss, createRng, CrossEntropyLoss, Dropout, ELU, GELU, LeakyReLU, Linear, MSELoss, ReLU,
  RMSprop, Sequential, SGD, Sigmoid, Tanh, type Layer, type Loss, type Optimizer,
} from '../../src';

/*
 * The network as a list of blocks the page edits. The output block (Linear to the number of
 * classes, or to one logit for BCEWithLogitsLoss) is added by build(): the loss decides it.
 */

export const ACTIVATIONS = {
  ReLU: () => new ReLU(),
  Tanh: () => new Tanh(),
  Sigmoid: () => new Sigmoid(),
  LeakyReLU: () => new LeakyReLU(0.01),
  ELU: () => new ELU(1),
  GELU: () => new GELU(),
} as const;
export type ActivationName = keyof typeof ACTIVATIONS;

export type Block =
  | { readonly kind: 'Linear'; readonly units: number }
  | { readonly kind: 'Activation'; readonly activation: ActivationName }
  | { readonly kind: 'Dropout'; readonly p: number };

export const LOSSES = {
  CrossEntropyLoss: 'cross-entropy on logits (softmax)',
  MSELoss: 'mean squared error to one-hot',
  BCEWithLogitsLoss: 'binary cross-entropy on one logit (2 classes)',
} as const;
export type LossName = keyof typeof LOSSES;

export const OPTIMIZERS = {
  SGD: (lr: number) => new SGD({ lr }),
  'SGD + momentum 0.9': (lr: number) => new SGD({ lr, momentum: 0.9 }),
  Adam: (lr: number) => new Adam({ lr }),
  RMSprop: (lr: number) => new RMSprop({ lr }),
  Adagrad: (lr: number) => new Adagrad({ lr }),
} as const;
export type OptimizerName = keyof typeof OPTIMIZERS;

export interface Settings {
  blocks: Block[];
  loss: LossName;
  optimizer: OptimizerName;
  lr: number;
  batchSize: number;
  seed: number;
}

export const DEFAULT_BLOCKS: Block[] = [
  { kind: 'Linear', units: 32 },
  { kind: 'Activation', activation: 'ReLU' },
  { kind: 'Linear', units: 32 },
  { kind: 'Activation', activation: 'ReLU' },
];

export function blockLabel(block: Block): string {
  switch (block.kind) {
    case 'Linear':
      return `Linear → ${block.units}`;
    case 'Activation':
      return block.activation;
    case 'Dropout':
      return `Dropout p=${block.p}`;
  }
}

/** Outputs of the last layer: one logit for BCEWithLogitsLoss, else one per class. */
export function outputSize(loss: LossName, classes: number): number {
  return loss === 'BCEWithLogitsLoss' ? 1 : classes;
}

export function buildModel(settings: Settings, features: number, classes: number): Sequential {
  const rng = createRng(settings.seed);
  const layers: Layer[] = [];
  let width = features;
  for (const block of settings.blocks) {
    if (block.kind === 'Linear') {
      layers.push(new Linear(width, block.units, { rng }));
      width = block.units;
    } else if (block.kind === 'Activation') layers.push(ACTIVATIONS[block.activation]());
    else layers.push(new Dropout(block.p));
  }
  layers.push(new Linear(width, outputSize(settings.loss, classes), { rng }));
  const model = new Sequential(layers);
  model.setRng(createRng(settings.seed + 1));
  model.metadata = { inputShape: [features], classes };
  return model;
}

export function buildLoss(name: LossName): Loss {
  return name === 'CrossEntropyLoss' ? new CrossEntropyLoss() : name === 'MSELoss' ? new MSELoss() : new BCEWithLogitsLoss();
}

export function buildOptimizer(settings: Settings): Optimizer {
  return OPTIMIZERS[settings.optimizer](settings.lr);
}

/** The blocks of a loaded model, when it is made of the blocks the editor knows (else undefined). */
export function blocksOf(model: Sequential): Block[] | undefined {
  const blocks: Block[] = [];
  const layers = model.layers.slice(0, -1);
  for (const layer of layers) {
    const config = layer.toConfig() as { type: string; outputSize?: number; p?: number };
    if (config.type === 'Linear' && config.outputSize !== undefined) blocks.push({ kind: 'Linear', units: config.outputSize });
    else if (config.type === 'Dropout' && config.p !== undefined) blocks.push({ kind: 'Dropout', p: config.p });
    else if (config.type in ACTIVATIONS) blocks.push({ kind: 'Activation', activation: config.type as ActivationName });
    else return undefined;
  }
  return blocks;
}
