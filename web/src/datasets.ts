import { createRng, csvDataset, parseCsv, Tensor, type Rng } from '../../src';

/*
 * The playground's data sets: four 2-D problems generated from a seed (as in TensorFlow
 * Playground) and the digits of examples/digits (8×8 images, bundled next to the page).
 */

export const DATASETS = {
  xor: 'XOR (four quadrants)',
  circles: 'Circles (a disc in a ring)',
  spirals: 'Two spirals',
  blobs: 'Gaussian blobs (3 classes)',
  digits: 'Digits (8×8 images, 10 classes)',
} as const;
export type DatasetName = keyof typeof DATASETS;

export interface Dataset {
  readonly name: DatasetName;
  /** [rows, features] float32. */
  readonly x: Tensor;
  /** [rows] class indices. */
  readonly y: Tensor;
  readonly validX: Tensor;
  readonly validY: Tensor;
  readonly classes: number;
  readonly features: number;
  /** 2-D data sets draw a decision boundary over [-DOMAIN, DOMAIN]². */
  readonly twoD: boolean;
}

export const DOMAIN = 1.3;

type Point = [number, number, number];

function xor(rng: Rng, n: number): Point[] {
  return Array.from({ length: n }, () => {
    const pad = (v: number) => v + (v > 0 ? 0.05 : -0.05); // a small gap along the axes
    const a = pad(rng.uniform(-1, 1));
    const b = pad(rng.uniform(-1, 1));
    return [a, b, a * b > 0 ? 0 : 1];
  });
}

function circles(rng: Rng, n: number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const inner = i % 2 === 0;
    const radius = inner ? rng.uniform(0, 0.45) : rng.uniform(0.7, 1.05);
    const angle = rng.uniform(0, 2 * Math.PI);
    return [radius * Math.cos(angle), radius * Math.sin(angle), inner ? 0 : 1];
  });
}

function spirals(rng: Rng, n: number): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    const t = rng.uniform(0.05, 1);
    const angle = 1.75 * t * 2 * Math.PI + label * Math.PI;
    const noise = () => rng.normal() * 0.02;
    return [t * Math.cos(angle) + noise(), t * Math.sin(angle) + noise(), label];
  });
}

function blobs(rng: Rng, n: number): Point[] {
  const centres = [0, 1, 2].map((k) => [0.65 * Math.cos((2 * Math.PI * k) / 3 + 0.5), 0.65 * Math.sin((2 * Math.PI * k) / 3 + 0.5)]);
  return Array.from({ length: n }, (_, i) => {
    const label = i % 3;
    const [cx, cy] = centres[label] as number[];
    return [(cx as number) + rng.normal() * 0.22, (cy as number) + rng.normal() * 0.22, label];
  });
}

const GENERATORS = { xor, circles, spirals, blobs } as const;

/** The last fifth of the (shuffled) rows is the validation set. */
function split(name: DatasetName, x: Float32Array, y: Float32Array, features: number, classes: number, rng: Rng): Dataset {
  const n = y.length;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  const cut = Math.floor(n * 0.8);
  const take = (from: number, to: number) => {
    const xs = new Float32Array((to - from) * features);
    const ys = new Float32Array(to - from);
    for (let r = from; r < to; r++) {
      const src = order[r] as number;
      xs.set(x.subarray(src * features, (src + 1) * features), (r - from) * features);
      ys[r - from] = y[src] as number;
    }
    return [Tensor.from(xs, [to - from, features]), Tensor.from(ys, [to - from])] as const;
  };
  const [trainX, trainY] = take(0, cut);
  const [validX, validY] = take(cut, n);
  return { name, x: trainX, y: trainY, validX, validY, classes, features, twoD: features === 2 };
}

export function generate2d(name: Exclude<DatasetName, 'digits'>, seed: number, n = 400): Dataset {
  const rng = createRng(seed);
  const points = GENERATORS[name](rng, n);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  points.forEach(([a, b, label], i) => {
    x[2 * i] = a;
    x[2 * i + 1] = b;
    y[i] = label;
  });
  return split(name, x, y, 2, name === 'blobs' ? 3 : 2, rng);
}

/** examples/digits/digits.csv (copied next to the page by the build): pixels 0..16 scaled to 0..1. */
export async function loadDigits(seed: number): Promise<Dataset> {
  const response = await fetch('data/digits.csv');
  if (!response.ok) throw new Error(`data/digits.csv: ${response.status} ${response.statusText}`);
  const data = csvDataset(parseCsv(await response.text(), 'digits.csv'), 'digits.csv', { label: 'digit' });
  const x = Float32Array.from(data.x.data, (v) => v / 16);
  return split('digits', x, Float32Array.from(data.y!.data), data.x.shape[1] as number, 10, createRng(seed));
}

export async function loadDataset(name: DatasetName, seed: number): Promise<Dataset> {
  return name === 'digits' ? loadDigits(seed) : generate2d(name, seed);
}
