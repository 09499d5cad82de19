#!/usr/bin/env node
// Writes the fixed train/test split the digits example uses: digits.csv shuffled with kubiki's
// seeded generator (splitIndices, seed 0), 20 % (359 rows) to digits-test.csv, the other 1438 to
// digits-train.csv. A shuffled split, because the file's last fifth comes from other writers.
// Needs the built library:  npm run build && node examples/digits/split.js
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { splitIndices } = require('../../dist/src');

const [header, ...rows] = readFileSync(join(__dirname, 'digits.csv'), 'utf8').trim().split('\n');
const split = splitIndices(rows.length, 0.2, 0);
const write = (name, indices) =>
  writeFileSync(join(__dirname, name), [header, ...Array.from(indices, (i) => rows[i])].join('\n') + '\n');
write('digits-train.csv', split.train);
write('digits-test.csv', split.validation);
console.log(`digits-train.csv: ${split.train.length} rows, digits-test.csv: ${split.validation.length} rows`);
