import { ConfigError, ShapeError, formatShape } from '../errors';
import { add } from '../kernels';
import type { Param, StateTensor } from '../layers/Layer';
import { isMergeLayer } from '../layers/merge/MergeLayer';
import { evaluate, predict, type EvaluateOptions, type EvaluateResult } from '../model/evaluate';
import { fit, type FitOptions, type History } from '../model/fit';
import { nestError } from '../model/prefixError';
import type { Rng } from '../tensor/rng';
import { reuseOrZeros } from '../tensor/reuse';
import { Tensor, type Shape } from '../tensor/Tensor';
import { graphFromJSON, graphToJSON, type GraphDocument } from './graphDocument';
import { formatGraphSummary } from './graphSummary';
import { SymbolicTensor, type GraphLayer } from './SymbolicTensor';
import { backwardChild, ensureCache, forwardChild, inScope, Use, type UseScope } from './uses';

/** One or several symbolic tensors; a model's forward returns the same structure of tensors. */
export type SymbolicStructure = SymbolicTensor | readonly SymbolicTensor[];
/** Tensor for a single symbolic tensor, Tensor[] for an array of them. */
export type TensorsFor<S> = S extends readonly SymbolicTensor[] ? Tensor[] : Tensor;

/** A Model of any input and output structure. */
export type AnyModel = Model<SymbolicStructure, SymbolicStructure>;

export interface ModelSpec<I extends SymbolicStructure, O extends SymbolicStructure> {
  inputs: I;
  outputs: O;
  name?: string;
}

/** A node of the compiled graph: a layer, where its inputs come from, where its output goes. */
export interface CompiledNode {
  readonly name: string;
  readonly layer: GraphLayer;
  /** Prefix of the layer's parameter names: the name of the first node that uses the layer. */
  readonly layerName: string;
  /** Value slots read (graph inputs are slots 0..n-1, node k writes slot n + k). */
  readonly inputSlots: readonly number[];
  readonly slot: number;
  /** Output shape of one sample. */
  readonly shape: Shape;
  readonly use: Use;
  /** Its output depends on a parameter (so backward has work to do here). */
  readonly requiresGrad: boolean;
}

/**
 * A functional graph (Keras's functional Model, Torch7's nngraph): built from Input() and
 * layer.apply() calls, run in topological order. Nodes whose output fans out get the sum of their
 * consumers' gradients (backprop through "a tangled computational graph"); a layer used by several
 * nodes shares its parameters and every use adds into its Param.grad.
 *
 * Parameters are named `${layerName}.${param}`, the layer name being the name of its first node:
 * the name given to `apply(x, { name })`, else the class in lower case and a counter ("linear_1").
 *
 * forward/predict return the structure of `outputs` (a tensor, or an array for an array); the type
 * follows from the constructor's arguments. A model loaded from a file is typed as one-output:
 * forwardAll/predictAll always return arrays.
 */
export class Model<I extends SymbolicStructure = SymbolicStructure, O extends SymbolicStructure = SymbolicTensor>
  implements UseScope
{
  readonly name: string;
  metadata: Record<string, unknown> = {};
  /** The graph inputs, in order, with their names and sample shapes. */
  readonly inputs: readonly { readonly name: string; readonly shape: Shape }[];
  readonly nodes: readonly CompiledNode[];
  /** Slots of the outputs, in order. */
  readonly outputSlots: readonly number[];
  readonly inputsArray: boolean;
  readonly outputsArray: boolean;
  sharedLayers: ReadonlySet<GraphLayer> = new Set();
  rng: Rng | undefined;
  private mode = true;
  private values: (Tensor | undefined)[] = [];
  private gradBuffers: (Tensor | undefined)[] = [];
  private paramCache: readonly Param[] | undefined;
  private bufferCache: readonly StateTensor[] | undefined;

  constructor(spec: ModelSpec<I, O>) {
    const inputList: readonly SymbolicTensor[] = Array.isArray(spec.inputs) ? spec.inputs : [spec.inputs as SymbolicTensor];
    const outputList: readonly SymbolicTensor[] = Array.isArray(spec.outputs) ? spec.outputs : [spec.outputs as SymbolicTensor];
    this.name = spec.name ?? 'Model';
    this.inputsArray = Array.isArray(spec.inputs);
    this.outputsArray = Array.isArray(spec.outputs);
    const compiled = compileGraph(inputList, outputList);
    this.inputs = compiled.inputs;
    this.nodes = compiled.nodes;
    this.outputSlots = compiled.outputSlots;
  }

  /** Every distinct layer, in topological order (a shared layer once). */
  get layers(): readonly GraphLayer[] {
    return [...new Set(this.nodes.map((node) => node.layer))];
  }

  /** One entry per node: what the shared-layer bookkeeping counts (graph/uses.ts). */
  sublayers(): readonly GraphLayer[] {
    return this.nodes.map((node) => node.layer);
  }

  get training(): boolean {
    return this.mode;
  }

  set training(training: boolean) {
    this.mode = training;
    for (const layer of this.layers) layer.training = training;
  }

  train(): this {
    this.training = true;
    return this;
  }

  eval(): this {
    this.training = false;
    return this;
  }

  setRng(rng: Rng): void {
    this.rng = rng;
    for (const layer of this.layers) layer.setRng?.(rng);
  }

  /** The outputs for `x` (one tensor, or one per input in order), in the structure of `outputs`. */
  forward(x: Tensor | readonly Tensor[]): TensorsFor<O> {
    const outs = this.forwardAll(this.inputList(x));
    return (this.outputsArray ? outs : outs[0]) as TensorsFor<O>;
  }

  /** dL/d(each input) for the last forward, in the structure of `inputs`; adds every dL/dθ. */
  backward(gradOut: Tensor | readonly Tensor[]): TensorsFor<I> {
    const grads = this.backwardAll(this.gradList(gradOut));
    return (this.inputsArray ? grads : grads[0]) as TensorsFor<I>;
  }

  /** Backward for a training step: parameter gradients only, no work where no parameter is upstream. */
  backwardParams(gradOut: Tensor | readonly Tensor[]): void {
    this.run(this.gradList(gradOut), true);
  }

  forwardAll(xs: readonly Tensor[]): Tensor[] {
    this.checkInputs(xs);
    return inScope(this, true, () => {
      const values: (Tensor | undefined)[] = [...xs];
      for (const node of this.nodes) {
        const inputs = node.inputSlots.map((s) => values[s] as Tensor);
        values[node.slot] = this.inNode(node, () =>
          isMergeLayer(node.layer) ? forwardChild(node.layer, inputs, node.use) : forwardChild(node.layer, inputs[0] as Tensor, node.use),
        );
      }
      this.values = values;
      return this.outputSlots.map((s) => values[s] as Tensor);
    });
  }

  backwardAll(grads: readonly Tensor[]): Tensor[] {
    const slots = this.run(grads, false);
    return this.inputs.map((input, i) => slots[i] ?? Tensor.zeros((this.values[i] as Tensor).shape, (grads[0] as Tensor).dtype));
  }

  backwardParamsAll(grads: readonly Tensor[]): void {
    this.run(grads, true);
  }

  /** Output shapes for input shapes ([batch, …] each), by every layer's outputShape. */
  outputShapes(inputShapes: readonly Shape[]): Shape[] {
    const shapes: Shape[] = [...inputShapes];
    for (const node of this.nodes) {
      const ins = node.inputSlots.map((s) => shapes[s] as Shape);
      shapes[node.slot] = this.inNode(node, () =>
        isMergeLayer(node.layer) ? node.layer.outputShape(ins) : node.layer.outputShape(ins[0] as Shape),
      );
    }
    return this.outputSlots.map((s) => shapes[s] as Shape);
  }

  /** The first output's shape for one input's shape (Layer's outputShape). */
  outputShape(inputShape: Shape): Shape {
    return this.outputShapes([inputShape])[0] as Shape;
  }

  paramGrads(): readonly Param[] {
    this.paramCache ??= this.named((layer) => layer.paramGrads()) as Param[];
    return this.paramCache;
  }

  buffers(): readonly StateTensor[] {
    this.bufferCache ??= this.named((layer) => layer.buffers?.() ?? []);
    return this.bufferCache;
  }

  zeroGrad(): void {
    for (const p of this.paramGrads()) p.grad.data.fill(0);
  }

  /** The node table: name (type), output shape, parameters, the nodes it reads ("connected to"). The graph knows its input shapes: an argument is ignored (Sequential's summary takes one). */
  summary(_inputShape?: Shape): string {
    return formatGraphSummary(this);
  }

  fit(x: Tensor | readonly Tensor[], y: Tensor | readonly Tensor[], options: FitOptions): History {
    return fit(this, x, y, options);
  }

  evaluate(x: Tensor | readonly Tensor[], y: Tensor | readonly Tensor[], options: EvaluateOptions): EvaluateResult {
    return evaluate(this, x, y, options);
  }

  /** The outputs for `x` in eval mode, in batches (the previous mode is restored). */
  predict(x: Tensor | readonly Tensor[], options: { batchSize?: number } = {}): TensorsFor<O> {
    return predict(this, x, options) as TensorsFor<O>;
  }

  /** predict, always as an array with one tensor per output. */
  predictAll(x: Tensor | readonly Tensor[], options: { batchSize?: number } = {}): Tensor[] {
    const out = predict(this, x, options);
    return Array.isArray(out) ? out : [out];
  }

  toJSON(): GraphDocument {
    return graphToJSON(this);
  }

  /** Rebuilds a model from toJSON()'s document, checking everything (DataError names the path). */
  static fromJSON(document: unknown, where = 'model'): Model {
    return graphFromJSON(document, where);
  }

  /** Backward through the nodes in reverse; returns the gradient of every slot that received one. */
  private run(gradOuts: readonly Tensor[], paramsOnly: boolean): (Tensor | undefined)[] {
    if (this.values.length === 0) throw new ShapeError(`${this.name}.backward: called before forward; run forward(x) first`);
    if (gradOuts.length !== this.outputSlots.length) {
      throw new ShapeError(`${this.name}.backward: expected ${this.outputSlots.length} output gradient(s), got ${gradOuts.length}`);
    }
    return inScope(this, false, () => {
      const grads: (Tensor | undefined)[] = [];
      const owned: boolean[] = [];
      const accumulate = (slot: number, g: Tensor): void => {
        const current = grads[slot];
        if (current === undefined) {
          grads[slot] = g;
        } else if (!owned[slot]) {
          const sum = reuseOrZeros(this.gradBuffers[slot], g.shape, g.dtype);
          this.gradBuffers[slot] = sum;
          add(current.data, g.data, sum.data);
          grads[slot] = sum;
          owned[slot] = true;
        } else {
          add(current.data, g.data, current.data);
        }
      };
      this.outputSlots.forEach((slot, k) => {
        const g = gradOuts[k] as Tensor;
        const value = this.values[slot] as Tensor;
        if (g.shape.length !== value.shape.length || g.shape.some((d, i) => d !== value.shape[i])) {
          throw new ShapeError(`${this.name}.backward: gradOut[${k}]: expected shape ${formatShape(value.shape)}, got ${formatShape(g.shape)}`);
        }
        accumulate(slot, g);
      });
      for (let n = this.nodes.length - 1; n >= 0; n--) {
        const node = this.nodes[n] as CompiledNode;
        const g = grads[node.slot];
        if (g === undefined || (paramsOnly && !node.requiresGrad)) continue;
        const wanted = node.inputSlots.map((s) => !paramsOnly || this.slotRequiresGrad(s));
        const layer = node.layer;
        this.inNode(node, () => {
          if (isMergeLayer(layer)) {
            ensureCache(layer, node.use);
            const gradIns = layer.backward(g);
            node.inputSlots.forEach((s, i) => wanted[i] && accumulate(s, gradIns[i] as Tensor));
          } else if (paramsOnly && !wanted[0]) {
            backwardChild(layer, g, node.use, true);
          } else {
            accumulate(node.inputSlots[0] as number, backwardChild(layer, g, node.use) as Tensor);
          }
        });
      }
      return grads;
    });
  }

  private slotRequiresGrad(slot: number): boolean {
    return slot >= this.inputs.length && (this.nodes[slot - this.inputs.length] as CompiledNode).requiresGrad;
  }

  private named<T extends { name: string }>(list: (layer: GraphLayer) => readonly T[]): T[] {
    const seen = new Set<GraphLayer>();
    const out: T[] = [];
    for (const node of this.nodes) {
      if (seen.has(node.layer)) continue;
      seen.add(node.layer);
      for (const t of list(node.layer)) out.push({ ...t, name: `${node.layerName}.${t.name}` });
    }
    return out;
  }

  private inputList(x: Tensor | readonly Tensor[]): readonly Tensor[] {
    return x instanceof Tensor ? [x] : x;
  }

  private gradList(g: Tensor | readonly Tensor[]): readonly Tensor[] {
    return g instanceof Tensor ? [g] : g;
  }

  private checkInputs(xs: readonly Tensor[]): void {
    const names = this.inputs.map((i) => `"${i.name}"`).join(', ');
    if (!Array.isArray(xs) || xs.length !== this.inputs.length || !xs.every((x) => x instanceof Tensor)) {
      throw new ShapeError(
        `${this.name}: expected ${this.inputs.length} input tensor(s) (${names}), got ${Array.isArray(xs) ? `${xs.length}` : typeof xs}`,
      );
    }
    const batch = (xs[0] as Tensor).shape[0];
    this.inputs.forEach((input, i) => {
      const x = xs[i] as Tensor;
      const ok = x.rank === input.shape.length + 1 && input.shape.every((d, k) => x.shape[k + 1] === d);
      if (!ok) {
        throw new ShapeError(
          `${this.name}: inputs[${i}] ("${input.name}"): expected shape [batch, ${input.shape.join(', ')}], got ${formatShape(x.shape)}`,
        );
      }
      if (x.shape[0] !== batch) {
        throw new ShapeError(`${this.name}: inputs[${i}] ("${input.name}"): expected ${batch} rows like inputs[0], got ${x.shape[0]}`);
      }
    });
  }

  private inNode<T>(node: CompiledNode, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw nestError(error, `node "${node.name}" (${node.layer.name})`);
    }
  }
}

/**
 * Walks back from the outputs to the inputs: the nodes in topological order, their names, slots
 * and shapes. Throws when an output depends on a symbolic input missing from `inputs`.
 */
function compileGraph(inputList: readonly SymbolicTensor[], outputList: readonly SymbolicTensor[]) {
  const where = 'Model';
  if (inputList.length === 0) throw new ConfigError(`${where}: inputs: expected at least one Input()`);
  if (outputList.length === 0) throw new ConfigError(`${where}: outputs: expected at least one symbolic tensor`);
  const slotOf = new Map<SymbolicTensor, number>();
  inputList.forEach((input, i) => {
    if (!(input instanceof SymbolicTensor) || !input.isInput) {
      throw new ConfigError(`${where}: inputs[${i}]: expected a tensor made by Input(), got ${input instanceof SymbolicTensor ? `${input}` : typeof input}`);
    }
    if (slotOf.has(input)) throw new ConfigError(`${where}: inputs[${i}]: the same Input appears twice`);
    slotOf.set(input, i);
  });
  outputList.forEach((output, i) => {
    if (!(output instanceof SymbolicTensor)) throw new ConfigError(`${where}: outputs[${i}]: expected a symbolic tensor, got ${typeof output}`);
  });

  const order: SymbolicTensor[] = [];
  const visit = (t: SymbolicTensor): void => {
    if (slotOf.has(t)) return;
    if (!t.node) {
      throw new ConfigError(`${where}: an output depends on the input ${t} that is not in inputs; add it to inputs`);
    }
    for (const input of t.node.inputs) visit(input);
    slotOf.set(t, inputList.length + order.length);
    order.push(t);
  };
  outputList.forEach(visit);

  const taken = new Set<string>();
  const inputs = inputList.map((input, i) => {
    const name = input.name ?? `input_${i + 1}`;
    if (taken.has(name)) throw new ConfigError(`${where}: two inputs are named "${name}"`);
    taken.add(name);
    return { name, shape: input.shape };
  });
  for (const t of order) {
    const name = t.node?.name;
    if (name === undefined) continue;
    if (taken.has(name)) throw new ConfigError(`${where}: two nodes are named "${name}"; give each apply() its own name`);
    taken.add(name);
  }
  const counters = new Map<string, number>();
  const autoName = (layer: GraphLayer): string => {
    const base = layer.name.toLowerCase();
    let k = counters.get(base) ?? 0;
    let name: string;
    do name = `${base}_${++k}`;
    while (taken.has(name));
    counters.set(base, k);
    taken.add(name);
    return name;
  };

  const layerNames = new Map<GraphLayer, string>();
  const nodes: CompiledNode[] = [];
  const requires: boolean[] = inputList.map(() => false);
  for (const t of order) {
    const node = t.node as NonNullable<SymbolicTensor['node']>;
    const name = node.name ?? autoName(node.layer);
    if (!layerNames.has(node.layer)) layerNames.set(node.layer, name);
    const inputSlots = node.inputs.map((input) => slotOf.get(input) as number);
    const slot = slotOf.get(t) as number;
    const requiresGrad = node.layer.paramGrads().length > 0 || inputSlots.some((s) => requires[s]);
    requires[slot] = requiresGrad;
    nodes.push({
      name,
      layer: node.layer,
      layerName: layerNames.get(node.layer) as string,
      inputSlots,
      slot,
      shape: t.shape,
      use: new Use(),
      requiresGrad,
    });
  }
  const outputSlots = outputList.map((t) => slotOf.get(t) as number);
  return { inputs, nodes, outputSlots };
}

