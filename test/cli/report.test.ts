import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, filesIn, IRIS, kubiki, removeTempDirs, smallConfig, tempDir, writeIn } from './runCli';

// kubiki train --report and kubiki report: one self-contained HTML file, written atomically.

beforeAll(() => ensureBuilt());
afterAll(() => removeTempDirs());

const svgs = (html: string): number => (html.match(/<svg[\s>]/g) ?? []).length;

test('train --report writes the page with curves, confusion matrix, norms, summary and config; the history CSV gets the norms', () => {
  const dir = tempDir();
  const config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
  const report = join(dir, 'reports', 'report.html');
  const run = kubiki('train', '--config', config, '--report', report, '--quiet');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const html = readFileSync(report, 'utf8');
  expect(svgs(html)).toBe(6); // loss, accuracy, lr, confusion matrix, gradient norms, weight norms
  for (const text of ['Confusion matrix', 'Gradient L2 norm', '<td>setosa</td>', 'training time', 'Total params: 67', '&#34;CrossEntropyLoss&#34;']) {
    expect(html).toContain(text);
  }
  expect(html).not.toMatch(/<script/);
  const history = readFileSync(join(dir, 'out', 'history.csv'), 'utf8').split('\n');
  expect(history[0]).toBe('epoch,loss,accuracy,valLoss,valAccuracy,lr,gradNorm:0.weight,weightNorm:0.weight,gradNorm:0.bias,weightNorm:0.bias,gradNorm:2.weight,weightNorm:2.weight,gradNorm:2.bias,weightNorm:2.bias');
  expect(history[1]?.split(',')).toHaveLength(14);
  expect(filesIn(join(dir, 'reports'))).toEqual(['report.html']); // no temporary file left behind

  // kubiki report reads the model, a CSV and the history back.
  const again = join(dir, 'again.html');
  const second = kubiki('report', '--model', join(dir, 'out', 'model.kubiki.json'), '--data', IRIS, '--history', join(dir, 'out', 'history.csv'), '--output', again);
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
  expect(second.stdout).toContain(`Wrote the report to ${again}`);
  const page = readFileSync(again, 'utf8');
  expect(svgs(page)).toBe(6);
  expect(page).toContain('150 rows of');
  expect(page).toContain('<td>2.weight</td>');
});

test('report without --history: scores and the model, no curves; default path next to the model', () => {
  const dir = tempDir();
  const config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
  expect(kubiki('train', '--config', config, '--quiet').code).toBe(0);
  const run = kubiki('report', '--model', join(dir, 'out', 'model.kubiki.json'), '--data', IRIS);
  expect(run.code).toBe(0);
  const html = readFileSync(join(dir, 'out', 'model.report.html'), 'utf8');
  expect(svgs(html)).toBe(1);
  expect(html).toContain('Confusion matrix');
  expect(html).not.toContain('>Loss<');
});

test('errors: a missing model, a missing data file, a data file that does not fit the model, a bad history', () => {
  const dir = tempDir();
  const config = writeIn(dir, 'model.json', smallConfig(IRIS, join(dir, 'out')));
  expect(kubiki('train', '--config', config, '--quiet').code).toBe(0);
  const model = join(dir, 'out', 'model.kubiki.json');
  const out = join(dir, 'r.html');

  const noModel = kubiki('report', '--model', join(dir, 'nope.json'), '--data', IRIS, '--output', out);
  expect(noModel.code).toBe(2);
  expect(noModel.stderr).toContain(`loadModel: cannot read "${join(dir, 'nope.json')}": no such file`);

  const noData = kubiki('report', '--model', model, '--data', join(dir, 'nope.csv'), '--output', out);
  expect(noData.code).toBe(2);
  expect(noData.stderr).toContain(`${join(dir, 'nope.csv')}: cannot read the data file (no such file)`);

  const narrow = writeIn(dir, 'narrow.csv', 'a,b,species\n1,2,setosa\n');
  const mismatch = kubiki('report', '--model', model, '--data', narrow, '--output', out);
  expect(mismatch.code).toBe(2);
  expect(mismatch.stderr).toContain(`${narrow}: missing the feature columns "sepal_length", "sepal_width", "petal_length", "petal_width" the model was trained on`);

  const badHistory = writeIn(dir, 'h.csv', 'epoch,loss\n0,abc\n');
  const bad = kubiki('report', '--model', model, '--data', IRIS, '--history', badHistory, '--output', out);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain(`${badHistory}:2: column "loss": expected a number, got "abc"`);
  expect(existsSync(out)).toBe(false);
});
