import { Linear, MSELoss, Sequential, SGD, Sigmoid, Tensor } from '../../src';

/*
 * The chapter's two-layer network ŷ = σ(σ(x·W¹)·W²) with the squared error, on one object: every
 * number of one forward and one backward pass, as kubiki's layers compute it, next to the same
 * quantity from its formula in plain arithmetic (test/model/workedExamples.test.ts checks the same
 * identities for a batch of two).
 */

export interface StepRow {
  readonly phase: 'forward' | 'backward' | 'update';
  readonly symbol: string;
  readonly formula: string;
  /** As kubiki computed it (layer outputs, gradients). */
  readonly kubiki: number[];
  /** From the formula, independently. */
  readonly byFormula: number[];
}

export const EXAMPLE = {
  x: [0.5, -1.0, 2.0],
  y: 1,
  W1: [
    [0.1, -0.3, 0.2, 0.4],
    [-0.2, 0.5, 0.1, -0.1],
    [0.3, 0.2, -0.4, 0.05],
  ],
  W2: [0.7, -0.5, 0.2, 0.1],
  lr: 0.5,
};

const sigma = (v: number): number => 1 / (1 + Math.exp(-v));

export function workedExample(): StepRow[] {
  const { x, y, W1, W2, lr } = EXAMPLE;
  // kubiki: the layers of the chapter, in float64, without biases.
  const layer1 = new Linear(3, 4, { bias: false, dtype: 'float64' });
  const layer2 = new Linear(4, 1, { bias: false, dtype: 'float64' });
  layer1.weight.value.data.set(W1.flat());
  layer2.weight.value.data.set(W2);
  const sigmoid1 = new Sigmoid();
  const sigmoid2 = new Sigmoid();
  const model = new Sequential([layer1, sigmoid1, layer2, sigmoid2]);
  const loss = new MSELoss();
  const input = Tensor.from([x], undefined, 'float64');
  const target = Tensor.from([[y]], undefined, 'float64');
  model.zeroGrad();
  const z1 = layer1.forward(input);
  const h = sigmoid1.forward(z1);
  const z2 = layer2.forward(h);
  const yHat = sigmoid2.forward(z2);
  const L = loss.forward(yHat, target);
  const dYHat = loss.backward();
  const dZ2 = sigmoid2.backward(dYHat);
  const dH = layer2.backward(dZ2);
  const dZ1 = sigmoid1.backward(dH);
  const dX = layer1.backward(dZ1);
  const dW2 = Array.from(layer2.weight.grad.data);
  const dW1 = Array.from(layer1.weight.grad.data);
  new SGD({ lr }).step(model.paramGrads());
  const after = loss.forward(model.forward(input), target);

  // By formula, in plain arithmetic.
  const fz1 = [0, 1, 2, 3].map((j) => x.reduce((s, xi, i) => s + xi * (W1[i]![j] as number), 0));
  const fh = fz1.map(sigma);
  const fz2 = fh.reduce((s, hj, j) => s + hj * (W2[j] as number), 0);
  const fy = sigma(fz2);
  const fL = (fy - y) ** 2;
  const fdy = 2 * (fy - y);
  const fd2 = fdy * fy * (1 - fy);
  const fdW2 = fh.map((hj) => hj * fd2);
  const fdh = W2.map((w) => fd2 * w);
  const fd1 = fdh.map((g, j) => g * (fh[j] as number) * (1 - (fh[j] as number)));
  const fdW1 = x.flatMap((xi) => fd1.map((d) => xi * d));
  const fdx = W1.map((row) => row.reduce((s, w, j) => s + w * (fd1[j] as number), 0));
  const newW1 = W1.flat().map((w, i) => w - lr * (fdW1[i] as number));
  const newW2 = W2.map((w, j) => w - lr * (fdW2[j] as number));
  const fz1b = [0, 1, 2, 3].map((j) => x.reduce((s, xi, i) => s + xi * (newW1[i * 4 + j] as number), 0));
  const fAfter = (sigma(fz1b.map(sigma).reduce((s, hj, j) => s + hj * (newW2[j] as number), 0)) - y) ** 2;

  const values = (t: Tensor): number[] => Array.from(t.data);
  return [
    { phase: 'forward', symbol: 'z¹ = x·W¹', formula: 'z¹ⱼ = Σᵢ xᵢ W¹ᵢⱼ', kubiki: values(z1), byFormula: fz1 },
    { phase: 'forward', symbol: 'h = σ(z¹)', formula: 'hⱼ = 1 / (1 + e^(−z¹ⱼ))', kubiki: values(h), byFormula: fh },
    { phase: 'forward', symbol: 'z² = h·W²', formula: 'z² = Σⱼ hⱼ W²ⱼ', kubiki: values(z2), byFormula: [fz2] },
    { phase: 'forward', symbol: 'ŷ = σ(z²)', formula: 'ŷ = 1 / (1 + e^(−z²))', kubiki: values(yHat), byFormula: [fy] },
    { phase: 'forward', symbol: 'L = (ŷ − y)²', formula: `L = (ŷ − ${y})²`, kubiki: [L], byFormula: [fL] },
    { phase: 'backward', symbol: '∂L/∂ŷ', formula: '2 (ŷ − y)', kubiki: values(dYHat), byFormula: [fdy] },
    { phase: 'backward', symbol: 'δ² = ∂L/∂z²', formula: '∂L/∂ŷ · ŷ (1 − ŷ)', kubiki: values(dZ2), byFormula: [fd2] },
    { phase: 'backward', symbol: '∂L/∂W²', formula: 'hⱼ · δ²', kubiki: dW2, byFormula: fdW2 },
    { phase: 'backward', symbol: '∂L/∂h', formula: 'δ² · W²ⱼ', kubiki: values(dH), byFormula: fdh },
    { phase: 'backward', symbol: 'δ¹ = ∂L/∂z¹', formula: '∂L/∂hⱼ · hⱼ (1 − hⱼ)', kubiki: values(dZ1), byFormula: fd1 },
    { phase: 'backward', symbol: '∂L/∂W¹', formula: 'xᵢ · δ¹ⱼ  (row i, column j)', kubiki: dW1, byFormula: fdW1 },
    { phase: 'backward', symbol: '∂L/∂x', formula: 'Σⱼ W¹ᵢⱼ δ¹ⱼ', kubiki: values(dX), byFormula: fdx },
    { phase: 'update', symbol: `L after W ← W − ${lr}·∂L/∂W`, formula: 'forward again with the new W¹, W²', kubiki: [after], byFormula: [fAfter] },
  ];
}
