import { getBackend, getThreads, Sequential, setThreads, Tensor, tfjsArtifacts, type GradCheckResult } from '../../src';
import { boundaryChart, curveChart, POINTS, TABLE, type BoundaryCell, type CurvePoint, type LabelledPoint } from '../../src/report/charts';
import { renderBlocks } from './blocksEditor';
import { ChartView } from './chartView';
import { DATASETS, DOMAIN, loadDataset, type Dataset, type DatasetName } from './datasets';
import { download } from './download';
import { Inspector } from './inspector';
import {
  blocksOf, buildLoss, buildModel, buildOptimizer, DEFAULT_BLOCKS, LOSSES, OPTIMIZERS, outputSize,
  type Block, type LossName, type OptimizerName, type Settings,
} from './network';
import { renderStepByStep } from './stepView';
import { Trainer } from './trainer';

/* The playground page: wires the controls, the training loop and the charts together. */

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`index.html has no #${id}`);
  return element as T;
};

const GRID = 40;
/** Training runs in slices of this many milliseconds between redraws, so the page stays responsive. */
const SLICE_MS = 40;
const CURVES_EVERY_MS = 200;
const BOUNDARY_EVERY_MS = 300;
const INSPECTOR_EVERY_MS = 1000;

const settings: Settings = { blocks: DEFAULT_BLOCKS.map((b) => ({ ...b })), loss: 'CrossEntropyLoss', optimizer: 'Adam', lr: 0.02, batchSize: 16, seed: 1 };
let datasetName: DatasetName = 'spirals';
let data: Dataset;
let trainer: Trainer;
let running = false;
let grid: Tensor;
let gridCells: BoundaryCell[] = [];
let lastGradCheck: GradCheckResult | undefined;
let lastBoundary = 0;
let lastInspector = 0;
let lastCurves = 0;

const boundary = new ChartView($('boundary'), boundaryChart([], [], { title: 'Decision boundary', classes: 3, domain: [-DOMAIN, DOMAIN] }), 'canvas');
const lossChart = new ChartView($('loss-chart'), curveChart([], { title: 'Loss', xTitle: 'epoch', yTitle: 'loss', logY: true }));
const accuracyChart = new ChartView($('accuracy-chart'), curveChart([], { title: 'Accuracy', xTitle: 'epoch', yTitle: 'accuracy', yDomain: [0, 1] }));
const inspector = new Inspector($('layers'), $('norms-chart'), $('gradcheck-chart'), $('gradcheck-table'));

function fillSelect(select: HTMLSelectElement, options: Record<string, string>, value: string): void {
  for (const [key, label] of Object.entries(options)) select.add(new Option(label, key, false, key === value));
}

function setError(message: string | undefined): void {
  const box = $('error');
  box.textContent = message ?? '';
  box.hidden = message === undefined;
}

/** A fresh model, optimizer and trainer from the settings; clears the charts. */
function reset(model?: Sequential): void {
  running = false;
  setError(undefined);
  if (settings.loss === 'BCEWithLogitsLoss' && data.classes !== 2) {
    setError(`BCEWithLogitsLoss needs 2 classes; ${DATASETS[data.name]} has ${data.classes}: using CrossEntropyLoss`);
    settings.loss = 'CrossEntropyLoss';
    $<HTMLSelectElement>('loss').value = settings.loss;
  }
  const net = model ?? buildModel(settings, data.features, data.classes);
  trainer = new Trainer(net, buildLoss(settings.loss), settings.loss, buildOptimizer(settings), data, settings.batchSize, settings.seed);
  trainer.inspectBatch();
  lastGradCheck = undefined;
  inspector.clearGradCheck();
  $('summary').textContent = net.summary([data.features]);
  renderBlocks($('blocks'), settings.blocks, () => reset());
  updateButtons();
  void redraw(true);
}

async function selectDataset(name: DatasetName): Promise<void> {
  running = false;
  datasetName = name;
  data = await loadDataset(name, settings.seed);
  $('boundary-box').hidden = !data.twoD;
  if (data.twoD) {
    const step = (2 * DOMAIN) / GRID;
    const xs = new Float32Array(GRID * GRID * 2);
    gridCells = [];
    for (let i = 0; i < GRID; i++) {
      for (let j = 0; j < GRID; j++) {
        const x0 = -DOMAIN + j * step;
        const y0 = -DOMAIN + i * step;
        xs[2 * (i * GRID + j)] = x0 + step / 2;
        xs[2 * (i * GRID + j) + 1] = y0 + step / 2;
        gridCells.push({ x0, x1: x0 + step, y0, y1: y0 + step, label: 0, confidence: 0.5 });
      }
    }
    grid = Tensor.from(xs, [GRID * GRID, 2]);
  }
  reset();
}

function trainingPoints(): LabelledPoint[] {
  const points: LabelledPoint[] = [];
  const n = data.y.shape[0] as number;
  for (let i = 0; i < n; i++) points.push({ x: data.x.data[2 * i] as number, y: data.x.data[2 * i + 1] as number, label: data.y.data[i] as number });
  return points;
}

async function drawBoundary(): Promise<void> {
  if (!data.twoD) return;
  const { probs, classes } = trainer.probabilities(grid);
  gridCells.forEach((c, k) => {
    let best = 0;
    for (let j = 1; j < classes; j++) if ((probs[k * classes + j] as number) > (probs[k * classes + best] as number)) best = j;
    c.label = best;
    c.confidence = probs[k * classes + best] as number;
  });
  await Promise.all([boundary.update(gridCells.map((c) => ({ ...c })), TABLE), boundary.update(trainingPoints(), POINTS)]);
}

function curves(): { loss: CurvePoint[]; accuracy: CurvePoint[] } {
  const loss: CurvePoint[] = [];
  const accuracy: CurvePoint[] = [];
  for (const h of trainer.history) {
    loss.push({ x: h.epoch + 1, y: h.loss, series: 'train' }, { x: h.epoch + 1, y: h.valLoss, series: 'validation' });
    accuracy.push({ x: h.epoch + 1, y: h.accuracy, series: 'train' }, { x: h.epoch + 1, y: h.valAccuracy, series: 'validation' });
  }
  return { loss, accuracy };
}

function statusText(): string {
  const last = trainer.history[trainer.history.length - 1];
  const parts = [`epoch ${trainer.epoch}`, `step ${trainer.step}`];
  if (last) {
    parts.push(`loss ${last.loss.toFixed(4)}`, `accuracy ${last.accuracy.toFixed(3)}`, `validation ${last.valAccuracy.toFixed(3)}`);
  }
  return parts.join(' · ');
}

async function redraw(all: boolean): Promise<void> {
  const now = performance.now();
  $('status').textContent = statusText();
  const work: Promise<void>[] = [];
  if (all || now - lastCurves > CURVES_EVERY_MS) {
    lastCurves = now;
    const { loss, accuracy } = curves();
    work.push(lossChart.update(loss), accuracyChart.update(accuracy));
  }
  if (all || now - lastBoundary > BOUNDARY_EVERY_MS) {
    lastBoundary = now;
    work.push(drawBoundary());
  }
  if (all || now - lastInspector > INSPECTOR_EVERY_MS) {
    lastInspector = now;
    work.push(inspector.show(trainer.trace, trainer.gradNorms));
  }
  await Promise.all(work);
}

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

async function loop(): Promise<void> {
  while (running) {
    const start = performance.now();
    try {
      do trainer.trainStep();
      while (performance.now() - start < SLICE_MS);
    } catch (error) {
      running = false;
      setError((error as Error).message);
    }
    await redraw(false);
    await nextFrame();
  }
  updateButtons();
  await redraw(true);
}

function updateButtons(): void {
  $('train').textContent = running ? 'Pause' : 'Train';
  $('train').classList.toggle('running', running);
}

function wire(): void {
  const datasetSelect = $<HTMLSelectElement>('dataset');
  fillSelect(datasetSelect, DATASETS, datasetName);
  datasetSelect.addEventListener('change', () => void selectDataset(datasetSelect.value as DatasetName));
  const lossSelect = $<HTMLSelectElement>('loss');
  fillSelect(lossSelect, LOSSES, settings.loss);
  lossSelect.addEventListener('change', () => {
    settings.loss = lossSelect.value as LossName;
    reset();
  });
  const optimizerSelect = $<HTMLSelectElement>('optimizer');
  fillSelect(optimizerSelect, Object.fromEntries(Object.keys(OPTIMIZERS).map((k) => [k, k])), settings.optimizer);
  optimizerSelect.addEventListener('change', () => {
    settings.optimizer = optimizerSelect.value as OptimizerName;
    reset();
  });
  const lr = $<HTMLInputElement>('lr');
  lr.value = String(settings.lr);
  lr.addEventListener('change', () => {
    const value = Number(lr.value);
    if (value > 0) settings.lr = trainer.optimizer.lr = value; // takes effect at the next step
  });
  const batch = $<HTMLInputElement>('batch');
  batch.value = String(settings.batchSize);
  batch.addEventListener('change', () => {
    settings.batchSize = Math.max(1, Math.round(Number(batch.value) || 1));
    reset();
  });
  const add = (block: Block) => () => {
    settings.blocks.push(block);
    reset();
  };
  $('add-linear').addEventListener('click', add({ kind: 'Linear', units: 16 }));
  $('add-activation').addEventListener('click', add({ kind: 'Activation', activation: 'ReLU' }));
  $('add-dropout').addEventListener('click', add({ kind: 'Dropout', p: 0.1 }));
  $('train').addEventListener('click', () => {
    running = !running;
    updateButtons();
    if (running) void loop();
  });
  $('step').addEventListener('click', () => {
    running = false;
    try {
      trainer.trainStep();
    } catch (error) {
      setError((error as Error).message);
    }
    void redraw(true);
  });
  $('reset').addEventListener('click', () => reset());
  $('gradcheck').addEventListener('click', () => {
    running = false;
    lastGradCheck = trainer.checkGradients();
    void inspector.showGradCheck(lastGradCheck);
  });
  $('export-kubiki').addEventListener('click', () => {
    download(`${datasetName}.kubiki.json`, JSON.stringify(trainer.model.toJSON()), 'application/json');
  });
  $('export-tfjs').addEventListener('click', () => {
    const { modelJson, weightsBin } = tfjsArtifacts(trainer.model);
    download('model.json', JSON.stringify(modelJson), 'application/json');
    download('weights.bin', weightsBin, 'application/octet-stream');
  });
  $<HTMLInputElement>('load').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const model = Sequential.fromJSON(JSON.parse(await file.text()), file.name);
      const outputs = model.outputShape([1, data.features]);
      if (outputs[1] !== outputSize(settings.loss, data.classes)) {
        throw new Error(`${file.name}: expected ${outputSize(settings.loss, data.classes)} outputs for ${DATASETS[data.name]} and ${settings.loss}, got ${outputs[1]}`);
      }
      const blocks = blocksOf(model);
      if (blocks) settings.blocks = blocks;
      reset(model);
    } catch (error) {
      setError(`cannot load ${file.name}: ${(error as Error).message}`);
    }
  });
  for (const tab of document.querySelectorAll<HTMLButtonElement>('nav button')) {
    tab.addEventListener('click', () => {
      for (const other of document.querySelectorAll<HTMLButtonElement>('nav button')) other.classList.toggle('active', other === tab);
      $('train-view').hidden = tab.dataset.view !== 'train';
      $('step-view').hidden = tab.dataset.view !== 'step';
    });
  }
}

/** What the browser tests and the screenshot script read (window.playground). */
const api = {
  state: () => ({
    backend: getBackend(),
    threads: getThreads(),
    dataset: datasetName,
    running,
    epoch: trainer.epoch,
    step: trainer.step,
    history: trainer.history,
    boundaryVersion: boundary.version,
    lossChartVersion: lossChart.version,
    layers: trainer.trace.map((t) => ({ name: t.name, outputNorm: t.outputNorm, gradNorm: t.gradNorm })),
    gradCheck: lastGradCheck,
  }),
  predict: (rows: number[][]): number[] => Array.from(trainer.model.predict(Tensor.from(rows)).data),
};
(window as unknown as { playground: typeof api }).playground = api;

wire();
renderStepByStep($('step-table'), $('step-next'), $('step-all'));
// Two threads where the page is cross-origin isolated (npm run playground sends COOP/COEP): kubiki's
// default there is every core, more than the playground's small networks can use; one elsewhere.
if (getThreads() > 2) setThreads(2);
$('backend').textContent = `backend: ${getBackend()}, ${getThreads()} thread${getThreads() === 1 ? '' : 's'}`;
void selectDataset(datasetName).then(() => document.body.classList.add('ready'));
