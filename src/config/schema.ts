import { z } from 'zod';
import { NORMALIZATIONS } from '../data/Normalizer';
import { MONITORS } from '../model/EarlyStopper';

/*
 * The shape of model.json, as a zod schema. Every message is the "expected …" part of an error;
 * formatIssues adds the JSON path and the bad value. Layers, the loss, the optimizer and the
 * schedule are only checked for a string `type` here: their options are checked by constructing
 * them (resolveConfig), so the option names and ranges live in one place, the classes themselves.
 */

const expect = (what: string) => ({ error: what });

const positiveInt = (what = 'a positive integer') =>
  z.number(expect(what)).int(expect(what)).positive(expect(what));
const nonNegativeInt = z
  .number(expect('a non-negative integer'))
  .int(expect('a non-negative integer'))
  .nonnegative(expect('a non-negative integer'));
const nonNegativeNumber = z.number(expect('a non-negative number')).nonnegative(expect('a non-negative number'));
const path = z.string(expect('a file path (string)')).min(1, expect('a non-empty file path'));
const typed = (what: string) => z.looseObject({ type: z.string(expect(`a ${what} type name (string)`)) }, expect(`an object { "type": … }`));

export const configSchema = z.strictObject(
  {
    model: z.strictObject(
      {
        inputShape: z
          .array(positiveInt('a positive integer (a dimension of one sample)'), expect('an array of positive integers, e.g. [64]'))
          .min(1, expect('at least one dimension, e.g. [64]'))
          .optional(),
        layers: z.array(typed('layer'), expect('an array of layers')).min(1, expect('at least one layer')),
      },
      expect('an object { "inputShape": [...], "layers": [...] }'),
    ),
    loss: typed('loss'),
    optimizer: typed('optimizer'),
    schedule: z
      .union([z.string(), z.looseObject({ type: z.string() })], expect('a mathjs expression of epoch and lr0, or { "type": "step" | "exponential" | "cosine", … }'))
      .optional(),
    data: z.strictObject(
      {
        train: path.optional(),
        text: path.optional(),
        test: path.optional(),
        sequence: z
          .strictObject(
            { steps: positiveInt(), features: positiveInt().default(1) },
            expect('an object { "steps": time steps, "features": features per step (1) }'),
          )
          .optional(),
        label: z
          .union([z.string(), nonNegativeInt], expect('a column name, a 0-based column index, or "last"'))
          .default('last'),
        header: z.boolean(expect('true or false')).optional(),
        validationSplit: z
          .number(expect('a fraction in [0, 1)'))
          .nonnegative(expect('a fraction in [0, 1)'))
          .lt(1, expect('a fraction in [0, 1)'))
          .default(0),
        normalize: z.enum(NORMALIZATIONS, expect(`one of ${NORMALIZATIONS.map((n) => `"${n}"`).join(', ')}`)).default('none'),
      },
      expect('an object { "train": "file.csv", … } or { "text": "lines.txt", … }'),
    ),
    training: z
      .strictObject(
        {
          epochs: positiveInt().default(10),
          batchSize: positiveInt().default(32),
          seed: z.number(expect('an integer')).int(expect('an integer')).default(0),
          shuffle: z.boolean(expect('true or false')).default(true),
          dropLast: z.boolean(expect('true or false')).optional(),
          divergenceFactor: z.number(expect('a number > 1')).gt(1, expect('a number > 1')).optional(),
          checkpoint: z
            .strictObject(
              { path, every: positiveInt('a positive integer (epochs between checkpoints)').default(1) },
              expect('an object { "path": "out/ckpt.kubiki.json", "every": 1 }'),
            )
            .optional(),
          earlyStopping: z
            .strictObject(
              {
                monitor: z.enum(MONITORS, expect(`one of ${MONITORS.map((m) => `"${m}"`).join(', ')}`)).optional(),
                patience: nonNegativeInt.optional(),
                minDelta: nonNegativeNumber.optional(),
                restoreBest: z.boolean(expect('true or false')).optional(),
              },
              expect('an object { "monitor", "patience", "minDelta", "restoreBest" }'),
            )
            .optional(),
        },
        expect('an object { "epochs", "batchSize", … }'),
      )
      .default({ epochs: 10, batchSize: 32, seed: 0, shuffle: true }),
    output: z
      .strictObject({ model: path.default('out/model.kubiki.json'), history: path.default('out/history.csv') }, expect('an object { "model", "history" }'))
      .default({ model: 'out/model.kubiki.json', history: 'out/history.csv' }),
  },
  expect('a JSON object with "model", "loss", "optimizer", "data"'),
);

/**
 * The graph form of "model" (a functional Model): named inputs, nodes that name their inputs, and
 * the outputs. Nodes are checked when the graph is built (graph/graphConfig.ts), with "did you mean"
 * for unknown node names and the nodes of a cycle.
 */
const graphModelSchema = z.strictObject(
  {
    inputs: z
      .array(
        z.strictObject(
          {
            name: z.string(expect('an input name (string)')).min(1, expect('a non-empty input name')),
            shape: z
              .array(positiveInt('a positive integer (a dimension of one sample)'), expect('an array of positive integers, e.g. [64]'))
              .min(1, expect('at least one dimension, e.g. [64]')),
            columns: z
              .union([z.array(z.string(), expect('column names')), z.string().regex(/^\d+:\d+$/)], expect('an array of CSV column names, or a 0-based range "start:end" of the feature columns (end excluded)'))
              .optional(),
          },
          expect('an object { "name", "shape", "columns"? }'),
        ),
        expect('an array of inputs { "name", "shape" }'),
      )
      .min(1, expect('at least one input')),
    layers: z.array(z.looseObject({ name: z.string(expect('a node name (string)')) }, expect('a node { "name", "type", …, "inputs": [...] }')), expect('an array of nodes')).min(1, expect('at least one node')),
    outputs: z.union([z.string(), z.array(z.string()).min(1)], expect('a node name or an array of node names')),
  },
  expect('an object { "inputs": [...], "layers": [...], "outputs": [...] }'),
);

/** The config schema for a graph model.json ("model" has "inputs"). */
export const graphConfigSchema = configSchema.extend({ model: graphModelSchema });

export type ConfigInput = z.output<typeof configSchema>;
