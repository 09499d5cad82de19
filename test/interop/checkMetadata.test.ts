import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, exportTfjs, importTfjs, Linear, ReLU, Sequential, type Model } from '../../src';

/* importTfjs checks the stored class names and normaliser against the model, as kubiki train does. */

function roundTrip(metadata: Record<string, unknown>): () => Sequential | Model {
  const model = new Sequential([new Linear(4, 8), new ReLU(), new Linear(8, 3)]);
  model.metadata = { inputShape: [4], loss: { type: 'CrossEntropyLoss' }, ...metadata };
  const dir = mkdtempSync(join(tmpdir(), 'kubiki-meta-'));
  exportTfjs(model, dir);
  return () => {
    try {
      return importTfjs(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('importTfjs: metadata against the model', () => {
  it('accepts matching class names, features and normaliser', () => {
    const model = roundTrip({ classes: ['a', 'b', 'c'], features: ['w', 'x', 'y', 'z'], normalizer: { type: 'standard', mean: [0, 0, 0, 0], std: [1, 1, 1, 1] } })();
    expect(model.metadata.classes).toEqual(['a', 'b', 'c']);
  });

  it('refuses more or fewer class names than outputs (the predict header would not match its rows)', () => {
    const run = roundTrip({ classes: ['a', 'b', 'c', 'd', 'e'] });
    expect(run).toThrow(DataError);
  });

  it('names the field and both sizes', () => {
    expect(roundTrip({ classes: ['a', 'b'] })).toThrow(/metadata\.classes: expected 3 class names \(the model has 3 outputs\), got 2 \("a", "b"\)/);
    expect(roundTrip({ normalizer: { type: 'minmax', min: [0, 0], max: [1, 1] } })).toThrow(
      'metadata.normalizer: expected statistics for 4 features (the model\'s inputs), got 2',
    );
    expect(roundTrip({ features: ['a'] })).toThrow("metadata.features: expected 4 names (the model's inputs), got 1");
  });
});
