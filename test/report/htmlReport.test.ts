import { escapeHtml, htmlReport, type ReportData } from '../../src/report';

// The report page: inline SVG charts, the tables, and every name escaped.

const count = (text: string, pattern: RegExp): number => (text.match(pattern) ?? []).length;

const classification: ReportData = {
  title: 'Report <for> "iris" & co',
  history: {
    epoch: [0, 1, 2],
    loss: [1, 0.5, 0.25],
    valLoss: [1.1, 0.6, 0.4],
    accuracy: [0.5, 0.8, 0.9],
    valAccuracy: [0.4, 0.7, 0.85],
    lr: [0.01, 0.01, 0.005],
    norms: { '0.weight': { grad: [1, 0.5, 0.2], weight: [2, 2.5, 3] }, '<b>.bias': { grad: [0.1, 0.05, 0.02], weight: [0.1, 0.2, 0.3] } },
  },
  evaluation: {
    dataset: 'test.csv',
    rows: 10,
    lossName: 'CrossEntropyLoss',
    loss: 0.3,
    scores: {
      kind: 'classification',
      classes: ['cat', '<dog>'],
      confusionMatrix: [[4, 1], [2, 3]],
      precision: [4 / 6, 3 / 4],
      recall: [4 / 5, 3 / 5],
      f1: [8 / 11, 2 / 3],
      support: [5, 5],
      accuracy: 0.7,
    },
  },
  summary: '#  Layer\n0  Linear <x>',
  config: { model: { name: '</pre><script>alert(1)</script>' } },
  facts: [['training time', '1.00 s']],
};

test('a classifier report: loss, accuracy, learning-rate, confusion-matrix and two norm charts as inline SVG', async () => {
  const html = await htmlReport(classification);
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(count(html, /<svg[\s>]/g)).toBe(6);
  for (const title of ['Loss', 'Accuracy', 'Learning rate', 'Confusion matrix', 'Weight L2 norm (end of epoch)']) {
    expect(html).toContain(`>${title}<`);
  }
  // No scripts, no network: nothing is loaded from anywhere.
  expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  // The per-class table: precision, recall, F1, support of each class.
  expect(html).toContain('<tr><td>cat</td><td>0.6667</td><td>0.8000</td><td>0.7273</td><td>5</td></tr>');
  expect(html).toContain('<tr><td>accuracy</td><td>0.7000</td></tr>');
  expect(html).toContain('<td>training time</td><td>1.00 s</td>');
  // The norms table at the last epoch.
  expect(html).toContain('<tr><td>0.weight</td><td>0.2000</td><td>3</td></tr>');
});

test('names from files and configs are escaped everywhere', async () => {
  const html = await htmlReport(classification);
  expect(html).toContain('<title>Report &#60;for&#62; &#34;iris&#34; &#38; co</title>');
  expect(html).toContain('<td>&#60;dog&#62;</td>');
  expect(html).toContain('<td>&#60;b&#62;.bias</td>');
  expect(html).toContain('0  Linear &#60;x&#62;');
  expect(html).not.toContain('<dog>');
  expect(html).not.toContain('<b>.bias');
  expect(html).not.toContain('<script>');
  expect(escapeHtml(`a&b<c>"d"'e'`)).toBe('a&#38;b&#60;c&#62;&#34;d&#34;&#39;e&#39;');
});

test('a regression report: MSE and MAE, no confusion matrix; no history means no curves', async () => {
  const html = await htmlReport({
    title: 'r',
    evaluation: { dataset: 'wave.csv', rows: 3, lossName: 'MSELoss', loss: 0.25, scores: { kind: 'regression', mse: 0.25, mae: 0.4 } },
  });
  expect(html).toContain('<tr><td>MSE</td><td>0.2500</td></tr>');
  expect(html).toContain('<tr><td>MAE</td><td>0.4000</td></tr>');
  expect(html).not.toContain('<svg');
  expect(html).not.toContain('Confusion matrix');
});
