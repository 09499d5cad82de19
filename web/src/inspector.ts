import type { GradCheckResult } from '../../src';
import { barChart, curveChart, histogramChart, histogramRows, TABLE, type CurvePoint } from '../../src/report/charts';
import { ChartView } from './chartView';
import type { LayerTrace } from './trainer';

/*
 * The backprop inspector: for the latest batch, each layer's output a and gradient ∂L/∂a
 * (histogram and norm); the parameter gradients' norms over the steps; gradCheck's relative
 * errors per parameter.
 */

const BINS = 24;

interface Row {
  readonly name: string;
  readonly outputNorm: HTMLElement;
  readonly gradNorm: HTMLElement;
  readonly outputChart: ChartView;
  readonly gradChart: ChartView;
}

export class Inspector {
  private rows: Row[] = [];
  private readonly norms: ChartView;
  private readonly check: ChartView;

  constructor(
    private readonly table: HTMLTableSectionElement,
    normsElement: HTMLElement,
    checkElement: HTMLElement,
    private readonly checkTable: HTMLTableSectionElement,
  ) {
    this.norms = new ChartView(normsElement, curveChart([], {
      title: 'Parameter gradient norms ‖∂L/∂θ‖ per step', xTitle: 'step', yTitle: 'norm (log)', logY: true, width: 420, height: 170,
    }));
    this.check = new ChartView(checkElement, barChart([], {
      title: 'gradCheck: relative error per tensor (float64)', xTitle: 'tensor', yTitle: 'relative error (log)', logY: true, rule: 1e-4, width: 300, height: 150,
    }));
  }

  /** Rebuilds the table when the layers changed (a new network), then shows `trace`. */
  async show(trace: readonly LayerTrace[], gradNorms: readonly CurvePoint[]): Promise<void> {
    if (this.rows.length !== trace.length || this.rows.some((row, i) => row.name !== trace[i]!.name)) this.build(trace);
    const updates: Promise<void>[] = [this.norms.update(gradNorms)];
    trace.forEach((layer, i) => {
      const row = this.rows[i] as Row;
      row.outputNorm.textContent = layer.outputNorm.toPrecision(4);
      row.gradNorm.textContent = layer.gradNorm.toPrecision(4);
      updates.push(row.outputChart.update(histogramRows(layer.output, BINS)), row.gradChart.update(histogramRows(layer.gradOut, BINS)));
    });
    await Promise.all(updates);
  }

  async showGradCheck(result: GradCheckResult): Promise<void> {
    const bars = Object.entries(result.errors).map(([name, value]) => ({ name, value: Math.max(value, 1e-16) }));
    this.checkTable.replaceChildren(
      ...Object.entries(result.errors).map(([name, value]) => {
        const tr = document.createElement('tr');
        tr.className = value < 1e-4 ? 'ok' : 'bad';
        tr.append(cell(name), cell(value.toExponential(2)), cell(value < 1e-4 ? '✓' : '✗'));
        return tr;
      }),
    );
    await this.check.update(bars, TABLE);
  }

  clearGradCheck(): void {
    this.checkTable.replaceChildren();
    void this.check.update([]);
  }

  private build(trace: readonly LayerTrace[]): void {
    for (const row of this.rows) {
      row.outputChart.finalize();
      row.gradChart.finalize();
    }
    this.table.replaceChildren();
    this.rows = trace.map((layer) => {
      const tr = document.createElement('tr');
      tr.dataset.layer = String(layer.index);
      const outputNorm = cell('');
      const gradNorm = cell('');
      outputNorm.className = gradNorm.className = 'norm';
      const outputHost = cell('');
      const gradHost = cell('');
      tr.append(cell(`${layer.index}`), cell(layer.name), cell(`[${layer.shape.join(', ')}]`), outputNorm, outputHost, gradNorm, gradHost);
      this.table.append(tr);
      const histogram = (title: string, host: HTMLElement) =>
        new ChartView(host, histogramChart([], { title: '', xTitle: title, bins: BINS, width: 150, height: 46 }));
      return {
        name: layer.name,
        outputNorm,
        gradNorm,
        outputChart: histogram('a', outputHost),
        gradChart: histogram('∂L/∂a', gradHost),
      };
    });
  }
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}
