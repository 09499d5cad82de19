import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, Model, Sequential } from '../../src';
import { IRIS, ensureBuilt, kubiki, removeTempDirs, smallConfig, tempDir, writeIn } from './runCli';

/** Iris as a two-input graph: the sepal columns by name, the petal columns by range. */
function graphConfig(out: string) {
  return {
    ...smallConfig(IRIS, out),
    model: {
      inputs: [
        { name: 'sepal', shape: [2], columns: ['sepal_length', 'sepal_width'] },
        { name: 'petal', shape: [2], columns: '2:4' },
      ],
      layers: [
        { name: 's', type: 'Linear', outputSize: 6, inputs: ['sepal'] },
        { name: 'p', type: 'Linear', outputSize: 6, inputs: ['petal'] },
        { name: 'sum', type: 'Add', inputs: ['s', 'p'] },
        { name: 'act', type: 'ReLU', inputs: ['sum'] },
        { name: 'joined', type: 'Concatenate', inputs: ['act', 'petal'] },
        { name: 'logits', type: 'Linear', outputSize: 3, inputs: ['joined'] },
      ],
      outputs: ['logits'],
    },
  };
}

describe('kubiki with containers and graphs', () => {
  afterAll(removeTempDirs);
  beforeAll(() => ensureBuilt(), 120_000);

  it('trains, summarises, evaluates and predicts a two-input graph whose inputs take columns by name and range', () => {
    const dir = tempDir();
    const config = writeIn(dir, 'graph.json', graphConfig(join(dir, 'out')));
    const summary = kubiki('summary', '--config', config);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/s \(Linear\)\s+\[batch, 6\]\s+18\s+sepal/);
    expect(summary.stdout).toMatch(/joined \(Concatenate\)\s+\[batch, 8\]\s+0\s+act, petal/);
    const trained = kubiki('train', '--config', config, '--epochs', '3', '--quiet');
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const file = join(dir, 'out', 'model.kubiki.json');
    const model = loadModel(file);
    expect(model).toBeInstanceOf(Model);
    expect((model.metadata.inputs as { columns: number[] }[]).map((i) => i.columns)).toEqual([[0, 1], [2, 3]]);
    const report = JSON.parse(kubiki('evaluate', '--model', file, '--data', IRIS, '--json').stdout);
    expect(report.rows).toBe(150);
    expect(report.accuracy).toBeGreaterThan(0.3);
    const predicted = kubiki('predict', '--model', file, '--data', IRIS);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.trim().split('\n')).toHaveLength(151);
    expect(kubiki('gradcheck', '--config', config).code).toBe(0);
  });

  it('trains a Sequential with Residual and Concat blocks written in model.json', () => {
    const dir = tempDir();
    const config = writeIn(dir, 'blocks.json', {
      ...smallConfig(IRIS, join(dir, 'out')),
      model: {
        inputShape: [4],
        layers: [
          { type: 'Linear', outputSize: 8 },
          { type: 'Residual', block: [{ type: 'Linear', outputSize: 8 }, { type: 'Tanh' }] },
          { type: 'Concat', branches: [[{ type: 'Linear', outputSize: 4 }], { type: 'ReLU' }] },
          { type: 'Linear', outputSize: 3 },
        ],
      },
    });
    const trained = kubiki('train', '--config', config, '--epochs', '2', '--quiet');
    expect(trained.stderr).toBe('');
    const model = loadModel(join(dir, 'out', 'model.kubiki.json')) as Sequential;
    expect(model.paramGrads().map((p) => p.name)).toContain('1.block.0.weight');
    expect(model.paramGrads().map((p) => p.name)).toContain('2.0.0.weight');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'model.kubiki.json'), 'utf8')).layers[1].block[0].inputSize).toBe(8);
  });

  it('names the node, the unknown name and the cycle in config errors', () => {
    const dir = tempDir();
    const typo = graphConfig(join(dir, 'out'));
    typo.model.layers[2] = { name: 'sum', type: 'Add', inputs: ['s', 'pp'] };
    const result = kubiki('summary', '--config', writeIn(dir, 'typo.json', typo));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('model.layers[2].inputs[1]: unknown node "pp"; did you mean "p"?');
    const cycle = graphConfig(join(dir, 'out'));
    cycle.model.layers[0] = { name: 's', type: 'Linear', outputSize: 6, inputs: ['act'] };
    const cyclic = kubiki('summary', '--config', writeIn(dir, 'cycle.json', cycle));
    expect(cyclic.stderr).toContain('model.layers[3]: the graph has a cycle: "act" → "s" → "sum" → "act"');
    const shapes = graphConfig(join(dir, 'out'));
    shapes.model.layers[1] = { name: 'p', type: 'Linear', outputSize: 5, inputs: ['petal'] };
    const mismatch = kubiki('summary', '--config', writeIn(dir, 'shapes.json', shapes));
    expect(mismatch.stderr).toContain('model.layers[2] ("sum"): Add.apply(s [batch, 6], p [batch, 5])');
    const block = { ...smallConfig(IRIS, join(dir, 'out')), model: { inputShape: [4], layers: [{ type: 'Residual', block: [{ type: 'Linear', outputSize: 3 }] }] } };
    const badBlock = kubiki('summary', '--config', writeIn(dir, 'block.json', block));
    expect(badBlock.stderr).toContain('model.layers[0]: Residual does not fit the output of model.inputShape [4], of shape [batch, 4]: Residual: expected block(x) and x of one shape');
    const columns = graphConfig(join(dir, 'out'));
    columns.model.inputs[0] = { name: 'sepal', shape: [2], columns: ['sepal_length', 'sepal_widht'] };
    const badColumns = kubiki('train', '--config', writeIn(dir, 'columns.json', columns), '--epochs', '1');
    expect(badColumns.stderr).toContain('model.inputs[0] ("sepal").columns: no feature column "sepal_widht"; did you mean "sepal_width"?');
  });
});
