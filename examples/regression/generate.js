#!/usr/bin/env node
// Writes wave.csv: 500 rows of y = sin(3·x1) + 0.5·x2² + ε, with x1, x2 uniform in [-1, 1) and
// noise ε ~ N(0, 0.05²), drawn from kubiki's seeded generator (seed 0), so the file is the same on
// every machine. The noise floor of the mean squared error is 0.05² = 0.0025.
// Needs the built library:  npm run build && node examples/regression/generate.js
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createRng } = require('../../dist/src');

const rng = createRng(0);
const lines = ['x1,x2,y'];
for (let i = 0; i < 500; i++) {
  const x1 = rng.uniform(-1, 1);
  const x2 = rng.uniform(-1, 1);
  const y = Math.sin(3 * x1) + 0.5 * x2 * x2 + rng.normal(0, 0.05);
  lines.push([x1, x2, y].map((v) => v.toFixed(5)).join(','));
}
writeFileSync(join(__dirname, 'wave.csv'), lines.join('\n') + '\n');
console.log(`wave.csv: ${lines.length - 1} rows`);
