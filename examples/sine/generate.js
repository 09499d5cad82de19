#!/usr/bin/env node
// Writes sine.csv: 1000 rows, each a window of 20 steps of a noisy sine wave (columns t1..t20) and
// the value of the step after it (column next): x_t = a·sin(ω·t + φ) + ε, with a frequency ω uniform
// in [0.1, 0.6] radians per step, an amplitude a uniform in [0.5, 1.5), a phase φ uniform in [0, 2π)
// per row and noise ε ~ N(0, 0.05²) on every value (the target too), drawn from kubiki's seeded
// generator (seed 0), so the file is the same on every machine. The noise floor of the mean squared
// error is 0.05² = 0.0025; repeating the last value ("tomorrow = today") is printed as a baseline.
// Needs the built library:  npm run build && node examples/sine/generate.js
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRng } = require('../../dist/src');

const STEPS = 20;
const rng = createRng(0);
const header = [...Array.from({ length: STEPS }, (_, t) => `t${t + 1}`), 'next'];
const lines = [header.join(',')];
let persistence = 0;
const rows = 1000;
for (let i = 0; i < rows; i++) {
  const omega = rng.uniform(0.1, 0.6);
  const amplitude = rng.uniform(0.5, 1.5);
  const phase = rng.uniform(0, 2 * Math.PI);
  const values = Array.from({ length: STEPS + 1 }, (_, t) => amplitude * Math.sin(omega * t + phase) + rng.normal(0, 0.05));
  persistence += (values[STEPS] - values[STEPS - 1]) ** 2;
  lines.push(values.map((v) => v.toFixed(5)).join(','));
}
writeFileSync(join(__dirname, 'sine.csv'), lines.join('\n') + '\n');
console.log(`sine.csv: ${rows} rows of ${STEPS} steps; MSE of repeating the last value: ${(persistence / rows).toFixed(4)}; noise floor 0.0025`);
