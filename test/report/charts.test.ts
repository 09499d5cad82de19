import { barChart, boundaryChart, curveChart, heatmapChart, histogramChart, histogramRows, renderSvg } from '../../src/report';

// Every chart renders to SVG in Node (no browser, no canvas) with its marks and title.
const count = (svg: string, pattern: RegExp): number => (svg.match(pattern) ?? []).length;

test('curveChart: one line per series, the title and axis titles', async () => {
  const points = [1, 2, 3].flatMap((x) => [{ x, y: 1 / x, series: 'train' }, { x, y: 1.2 / x, series: 'validation' }]);
  const svg = await renderSvg(curveChart(points, { title: 'Loss', xTitle: 'epoch', yTitle: 'loss', logY: true }));
  expect(svg.startsWith('<svg')).toBe(true);
  expect(count(svg, /<path[^>]*stroke-width="1.8"/g)).toBe(2);
  for (const text of ['Loss', 'epoch', 'loss', 'train', 'validation']) expect(svg).toContain(`>${text}<`);
});

test('heatmapChart: one cell and one number per entry', async () => {
  const cells = [['a', 'a', 5], ['a', 'b', 1], ['b', 'a', 0], ['b', 'b', 7]].map(([row, column, value]) => ({ row: row as string, column: column as string, value: value as number }));
  const svg = await renderSvg(heatmapChart(cells, { title: 'Confusion matrix', rowTitle: 'true', columnTitle: 'predicted' }));
  expect(count(svg, /<path[^>]*d="M0,0h/g)).toBeGreaterThanOrEqual(4);
  for (const text of ['Confusion matrix', 'true', 'predicted', '5', '7']) expect(svg).toContain(`>${text}<`);
});

test('boundaryChart, barChart and histogramChart render', async () => {
  const cells = [{ x0: -1, x1: 0, y0: -1, y1: 0, label: 0, confidence: 0.9 }, { x0: 0, x1: 1, y0: 0, y1: 1, label: 1, confidence: 0.6 }];
  const svg = await renderSvg(boundaryChart(cells, [{ x: 0.5, y: 0.5, label: 1 }], { title: 'Boundary', classes: 2, domain: [-1, 1] }));
  expect(svg).toContain('>Boundary<');
  const bars = await renderSvg(barChart([{ name: '0.weight', value: 1e-9 }, { name: '0.bias', value: 3e-10 }], { title: 'gradCheck', xTitle: 'tensor', yTitle: 'error', logY: true, rule: 1e-4 }));
  expect(bars).toContain('>0.weight<');
  const histogram = await renderSvg(histogramChart([0, 1, 1, 2, 2, 2], { title: 'a', xTitle: 'value', bins: 3 }));
  expect(histogram).toContain('>value<');
});

test('histogramRows: equal bins over the finite values, each value counted once', () => {
  expect(histogramRows([0, 1, 1, 2, 2, 2, NaN, Infinity], 2)).toEqual([
    { start: 0, end: 1, count: 1 },
    { start: 1, end: 2, count: 5 },
  ]);
  expect(histogramRows([3, 3], 2)).toEqual([{ start: 2.5, end: 3, count: 0 }, { start: 3, end: 3.5, count: 2 }]);
  expect(histogramRows([NaN], 4)).toEqual([]);
});
