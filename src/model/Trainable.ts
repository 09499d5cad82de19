import { ShapeError, formatShape } from '../errors';
import type { Layer, Param, StateTensor } from '../layers/Layer';
import type { Rng } from '../tensor/rng';
import type { Shape, Tensor } from '../tensor/Tensor';

/** A model with several inputs or outputs (a graph Model): what fit, evaluate and predict call. */
export interface MultiModel {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly shape: Shape }[];
  readonly outputSlots: readonly number[];
  readonly outputsArray: boolean;
  training: boolean;
  forwardAll(xs: readonly Tensor[]): Tensor[];
  backwardAll(grads: readonly Tensor[]): Tensor[];
  backwardParamsAll(grads: readonly Tensor[]): void;
  outputShapes(inputShapes: readonly Shape[]): Shape[];
  paramGrads(): readonly Param[];
  buffers(): readonly StateTensor[];
  setRng(rng: Rng): void;
}

/** Anything fit, evaluate, predict, gradCheck and saveModel take: a layer (Sequential, Residual, …) or a Model. */
export type Trainable = Layer | MultiModel;

/** The one view of a model those functions use: lists of input and output tensors. */
export interface Runner {
  readonly inputCount: number;
  readonly outputCount: number;
  /** Forward's result is an array (several outputs, or outputs given as an array). */
  readonly outputsArray: boolean;
  training: boolean;
  forward(xs: readonly Tensor[]): Tensor[];
  backward(grads: readonly Tensor[]): Tensor[];
  backwardParams(grads: readonly Tensor[]): void;
  outputShapes(inputShapes: readonly Shape[]): Shape[];
  paramGrads(): readonly Param[];
  buffers(): readonly StateTensor[];
  setRng(rng: Rng): void;
}

export function isMultiModel(model: Trainable): model is MultiModel {
  return typeof (model as Partial<MultiModel>).forwardAll === 'function';
}

export function runnerOf(model: Trainable): Runner {
  if (isMultiModel(model)) {
    return {
      inputCount: model.inputs.length,
      outputCount: model.outputSlots.length,
      outputsArray: model.outputsArray,
      get training() {
        return model.training;
      },
      set training(value: boolean) {
        model.training = value;
      },
      forward: (xs) => model.forwardAll(xs),
      backward: (grads) => model.backwardAll(grads),
      backwardParams: (grads) => model.backwardParamsAll(grads),
      outputShapes: (shapes) => model.outputShapes(shapes),
      paramGrads: () => model.paramGrads(),
      buffers: () => model.buffers(),
      setRng: (rng) => model.setRng(rng),
    };
  }
  const layer = model;
  return {
    inputCount: 1,
    outputCount: 1,
    outputsArray: false,
    get training() {
      return layer.training;
    },
    set training(value: boolean) {
      layer.training = value;
    },
    forward: (xs) => [layer.forward(xs[0] as Tensor)],
    backward: (grads) => [layer.backward(grads[0] as Tensor)],
    backwardParams: (grads) => (layer.backwardParams ? layer.backwardParams(grads[0] as Tensor) : void layer.backward(grads[0] as Tensor)),
    outputShapes: (shapes) => [layer.outputShape(shapes[0] as Shape)],
    paramGrads: () => layer.paramGrads(),
    buffers: () => layer.buffers?.() ?? [],
    setRng: (rng) => layer.setRng?.(rng),
  };
}

/** `x` as a list of `count` tensors (a single tensor for a one-input model). */
export function tensorList(where: string, what: string, value: Tensor | readonly Tensor[], count: number): readonly Tensor[] {
  const list = Array.isArray(value) ? (value as readonly Tensor[]) : [value as Tensor];
  if (list.length !== count) {
    throw new ShapeError(`${where}: expected ${count} ${what} tensor(s), one per model ${what === 'y' ? 'output' : 'input'}, got ${list.length}`);
  }
  list.forEach((t, i) => {
    if (t === undefined || t === null || typeof (t as Tensor).shape !== 'object') {
      throw new ShapeError(`${where}: ${what}[${i}]: expected a Tensor, got ${String(t)}`);
    }
  });
  return list;
}

/** Every tensor has the rows of the first. */
export function checkAllRows(where: string, xs: readonly Tensor[], ys: readonly Tensor[]): void {
  const rows = (xs[0] as Tensor).shape[0];
  [...xs, ...ys].forEach((t, i) => {
    if (t.rank === 0 || t.shape[0] !== rows) {
      const name = i < xs.length ? `x[${i}]` : `y[${i - xs.length}]`;
      throw new ShapeError(`${where}: expected ${name} with ${rows} rows like x[0], got ${formatShape(t.shape)}`);
    }
  });
}
