import type { MathJsInstance, MathNode } from 'mathjs';
import { ConfigError, NumericError, assertNever } from '../errors';
import { finiteNumber, nonNegativeNumber, positiveInt, positiveNumber } from '../validate';

/** The learning rate for an epoch (0-based), given the optimizer's initial rate lr0. */
export type Schedule = (epoch: number, lr0: number) => number;

/** PyTorch's StepLR, ExponentialLR and CosineAnnealingLR, in closed form. */
export type ScheduleConfig =
  | { readonly type: 'step'; readonly stepSize: number; readonly gamma?: number }
  | { readonly type: 'exponential'; readonly gamma: number }
  | { readonly type: 'cosine'; readonly tMax: number; readonly lrMin?: number };

export const SCHEDULE_TYPES = ['step', 'exponential', 'cosine'] as const satisfies readonly ScheduleConfig['type'][];

/** Names an expression may use: the two inputs and two constants. */
const SYMBOLS: ReadonlySet<string> = new Set(['epoch', 'lr0', 'pi', 'e']);
const FUNCTIONS: ReadonlySet<string> = new Set([
  'floor', 'ceil', 'round', 'abs', 'exp', 'log', 'sqrt', 'pow', 'min', 'max', 'cos', 'sin',
]);
/** mathjs operator functions: arithmetic, comparison and logic; nothing that builds matrices. */
const OPERATORS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'smallerEq', 'larger', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor',
]);

/**
 * A schedule from a mathjs expression of `epoch` and `lr0` ("0.1 * 0.5 ^ floor(epoch / 10)",
 * "epoch < 5 ? lr0 : lr0 / 10") or from `{ type: 'step' | 'exponential' | 'cosine', … }`:
 *   step:         lr0 · γ^⌊epoch / stepSize⌋            (γ defaults to 0.1)
 *   exponential:  lr0 · γ^epoch
 *   cosine:       lrMin + (lr0 − lrMin) · (1 + cos(π · epoch / tMax)) / 2
 * An expression is parsed once and its syntax tree checked against a whitelist before anything is
 * evaluated, because configs may come from untrusted files: mathjs expressions can otherwise define
 * functions, assign, import or evaluate strings. A rate that is negative, NaN or infinite throws
 * NumericError when the schedule is called.
 */
export function buildSchedule(spec: string | ScheduleConfig): Schedule {
  if (typeof spec === 'string') return expressionSchedule(spec);
  if (typeof spec !== 'object' || spec === null) {
    throw new ConfigError(`schedule: expected a mathjs expression or { type: "step" | "exponential" | "cosine", … }, got ${JSON.stringify(spec)}`);
  }
  switch (spec.type) {
    case 'step': {
      const stepSize = positiveInt('schedule (step)', 'stepSize', spec.stepSize);
      const gamma = nonNegativeNumber('schedule (step)', 'gamma', spec.gamma ?? 0.1);
      return checked('step', (epoch, lr0) => lr0 * gamma ** Math.floor(epoch / stepSize));
    }
    case 'exponential': {
      const gamma = nonNegativeNumber('schedule (exponential)', 'gamma', spec.gamma);
      return checked('exponential', (epoch, lr0) => lr0 * gamma ** epoch);
    }
    case 'cosine': {
      const tMax = positiveNumber('schedule (cosine)', 'tMax', spec.tMax);
      const lrMin = nonNegativeNumber('schedule (cosine)', 'lrMin', spec.lrMin ?? 0);
      return checked('cosine', (epoch, lr0) => lrMin + ((lr0 - lrMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2);
    }
    default:
      return assertNever(spec, `schedule: unknown type (expected one of ${SCHEDULE_TYPES.join(', ')})`);
  }
}

let instance: MathJsInstance | undefined;

/**
 * A private mathjs instance, created on first use (mathjs is large; only expression schedules need
 * it). `predictable` keeps sqrt(-1) a NaN rather than a Complex number.
 */
function mathInstance(): MathJsInstance {
  if (instance === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mathjs = require('mathjs') as typeof import('mathjs');
    instance = mathjs.create(mathjs.all ?? {}, { predictable: true });
  }
  return instance;
}

function expressionSchedule(expression: string): Schedule {
  const math = mathInstance();
  let root: MathNode;
  try {
    root = math.parse(expression);
  } catch (error) {
    throw new ConfigError(`schedule: cannot parse ${JSON.stringify(expression)}: ${(error as Error).message}`);
  }
  checkNode(root, expression);
  const compiled = root.compile();
  return checked(JSON.stringify(expression), (epoch, lr0) => {
    const value: unknown = compiled.evaluate({ epoch, lr0 });
    return typeof value === 'number' ? value : Number.NaN;
  });
}

/** Walks the syntax tree; anything not explicitly allowed is rejected with the part that offends. */
function checkNode(node: MathNode, expression: string): void {
  const reject = (what: string): never => {
    throw new ConfigError(
      `schedule: ${what} ${JSON.stringify(node.toString())} is not allowed in ${JSON.stringify(expression)}; ` +
        `expected arithmetic on epoch, lr0, pi, e and the functions ${[...FUNCTIONS].join(', ')}`,
    );
  };
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value !== 'number' && typeof n.value !== 'boolean') reject('the constant');
      return;
    case 'SymbolNode':
      if (!SYMBOLS.has(n.name as string)) reject('the name');
      return;
    case 'ParenthesisNode':
      checkNode(n.content as MathNode, expression);
      return;
    case 'OperatorNode':
      if (!OPERATORS.has(n.fn as string)) reject('the operator');
      for (const arg of n.args as MathNode[]) checkNode(arg, expression);
      return;
    case 'RelationalNode':
      for (const param of n.params as MathNode[]) checkNode(param, expression);
      return;
    case 'ConditionalNode':
      checkNode(n.condition as MathNode, expression);
      checkNode(n.trueExpr as MathNode, expression);
      checkNode(n.falseExpr as MathNode, expression);
      return;
    case 'FunctionNode': {
      const fn = n.fn as MathNode & { name?: string };
      if (fn.type !== 'SymbolNode' || !FUNCTIONS.has(fn.name ?? '')) reject('the function call');
      for (const arg of n.args as MathNode[]) checkNode(arg, expression);
      return;
    }
    case 'AssignmentNode':
      return reject('the assignment');
    case 'FunctionAssignmentNode':
      return reject('the function definition');
    case 'AccessorNode':
    case 'IndexNode':
      return reject('the property access');
    default:
      return reject(`the ${node.type}`);
  }
}

/** Wraps a schedule so that a rate that is not a finite non-negative number stops training clearly. */
function checked(what: string, schedule: Schedule): Schedule {
  return (epoch, lr0) => {
    finiteNumber('schedule', 'epoch', epoch);
    const lr = schedule(epoch, lr0);
    if (!Number.isFinite(lr) || lr < 0) {
      throw new NumericError(
        `schedule ${what}: expected a finite non-negative learning rate, got ${lr} at epoch ${epoch} (lr0 = ${lr0})`,
      );
    }
    return lr;
  };
}
