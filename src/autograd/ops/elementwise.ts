import { ConfigError } from '../../errors';
import {
  absBackward, absForward, broadcastBinary, expBackward, expForward, logBackward, logForward,
  powBackward, powForward, reduceToShape, reluBackward, reluForward, scale, sigmoidBackward,
  sigmoidForward, sqrtBackward, sqrtForward, tanhBackward, tanhForward, type BinaryOp,
} from '../../kernels';
import { type DType, type FloatArray, type Tensor } from '../../tensor/Tensor';
import { output } from '../buffers';
import { broadcastShape } from '../shapes';
import { Var, type Operand } from '../Var';

/*
 * Elementwise ops. Binary ones broadcast (NumPy rules); the gradient of an operand that was
 * broadcast is summed back to its shape (sendReduced). With y = a op b and upstream g = dL/dy:
 *   add: da = g,      db = g
 *   sub: da = g,      db = −g
 *   mul: da = g ⊙ b,  db = g ⊙ a
 *   div: da = g / b,  db = −g ⊙ y / b      (since y = a/b, ∂y/∂b = −a/b² = −y/b)
 */

/** float64 when either operand is float64 (a float64 gradient check stays float64 throughout). */
export function resultDtype(a: Tensor, b: Tensor): DType {
  return a.dtype === 'float64' || b.dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * Adds alpha · (full summed down to `to`'s shape) into dL/d(to). A same-shape gradient with
 * alpha 1 is passed on without copying.
 */
export function sendReduced(to: Var, full: Tensor, owned: boolean, alpha = 1): void {
  if (!to.requiresGrad) return;
  if (alpha === 1 && full.size === to.value.size) {
    to.addGrad(full, owned);
    return;
  }
  const target = to.gradTarget();
  reduceToShape(full.data, full.shape, target.data, to.shape, alpha, target.beta);
}

export function binary(op: BinaryOp, a: Var, operand: Operand): Var {
  const b = Var.of(operand, a.dtype);
  const shape = broadcastShape(a.shape, b.shape, `Var.${op}`);
  const y = output(shape, resultDtype(a.value, b.value));
  broadcastBinary(op, a.value.data, a.shape, b.value.data, b.shape, y.data, shape);
  return Var.record(y, [a, b], (g) => {
    switch (op) {
      case 'add':
        sendReduced(a, g, false);
        sendReduced(b, g, false);
        return;
      case 'sub':
        sendReduced(a, g, false);
        sendReduced(b, g, false, -1);
        return;
      case 'mul':
        if (a.requiresGrad) sendReduced(a, product('mul', g, b.value), true);
        if (b.requiresGrad) sendReduced(b, product('mul', g, a.value), true);
        return;
      case 'div':
        if (a.requiresGrad) sendReduced(a, product('div', g, b.value), true);
        if (b.requiresGrad) sendReduced(b, product('div', product('mul', g, y), b.value), true, -1);
        return;
    }
  });
}

/** g op t, where t broadcasts to g's shape. */
function product(op: BinaryOp, g: Tensor, t: Tensor): Tensor {
  const out = output(g.shape, resultDtype(g, t));
  broadcastBinary(op, g.data, g.shape, t.data, t.shape, out.data, g.shape);
  return out;
}

/** y = −x;  dx = −g */
export function neg(x: Var): Var {
  const y = output(x.shape, x.dtype);
  scale(x.value.data, -1, y.data);
  return Var.record(y, [x], (g) => sendReduced(x, g, false, -1));
}

/** y = x^p;  dx = g · p · x^(p−1) */
export function pow(x: Var, p: number): Var {
  if (typeof p !== 'number' || !Number.isFinite(p)) {
    throw new ConfigError(`Var.pow: expected a finite number exponent, got ${String(p)}`);
  }
  const y = output(x.shape, x.dtype);
  powForward(x.value.data, p, y.data);
  return Var.record(y, [x], (g) => {
    const dx = output(x.shape, x.dtype);
    powBackward(x.value.data, p, g.data, dx.data);
    x.addGrad(dx, true);
  });
}

export type UnaryOp = 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'relu';

/**
 * Each function with its forward kernel and its backward kernel, which reads the input x or the
 * output y as the derivative is simplest:
 *   exp:     y = eˣ            dx = g ⊙ y
 *   log:     y = ln x          dx = g / x
 *   sqrt:    y = √x            dx = g / (2y)
 *   abs:     y = |x|           dx = g ⊙ sign(x)   (0 at 0, as PyTorch)
 *   tanh:    y = tanh x        dx = g ⊙ (1 − y²)
 *   sigmoid: y = 1/(1 + e⁻ˣ)   dx = g ⊙ y ⊙ (1 − y)
 *   relu:    y = max(x, 0)     dx = g where x > 0, else 0
 */
const UNARY: {
  readonly [K in UnaryOp]: {
    forward(x: FloatArray, y: FloatArray): void;
    backward(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray): void;
  };
} = {
  exp: { forward: expForward, backward: (_x, y, dy, dx) => expBackward(y, dy, dx) },
  log: { forward: logForward, backward: (x, _y, dy, dx) => logBackward(x, dy, dx) },
  sqrt: { forward: sqrtForward, backward: (_x, y, dy, dx) => sqrtBackward(y, dy, dx) },
  abs: { forward: absForward, backward: (x, _y, dy, dx) => absBackward(x, dy, dx) },
  tanh: { forward: tanhForward, backward: (_x, y, dy, dx) => tanhBackward(y, dy, dx) },
  sigmoid: { forward: sigmoidForward, backward: (_x, y, dy, dx) => sigmoidBackward(y, dy, dx) },
  relu: { forward: reluForward, backward: (x, _y, dy, dx) => reluBackward(x, dy, dx) },
};

export function unary(op: UnaryOp, x: Var): Var {
  const kernels = UNARY[op];
  const y = output(x.shape, x.dtype);
  kernels.forward(x.value.data, y.data);
  return Var.record(y, [x], (g) => {
    const dx = output(x.shape, x.dtype);
    kernels.backward(x.value.data, y.data, sameDtype(g, x.dtype), dx.data);
    x.addGrad(dx, true);
  });
}

/** The wasm relu kernels need matching float32 arrays; a float64 gradient into float32 is cast. */
function sameDtype(g: Tensor, dtype: DType): FloatArray {
  return g.dtype === dtype ? g.data : g.astype(dtype).data;
}

