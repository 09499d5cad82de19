import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { TABLE } from '../../src/report/charts';

/**
 * A chart of src/report/charts.ts live in the page: built once, then fed new rows
 * (view.data + runAsync) so redrawing while training costs one Vega dataflow run.
 */
export class ChartView {
  private readonly view: View;
  /** Bumped after each redraw; the tests read it to see that a chart changed. */
  version = 0;

  constructor(readonly element: HTMLElement, spec: TopLevelSpec, renderer: 'canvas' | 'svg' = 'svg') {
    this.view = new View(parse(compile(spec).spec), { renderer, container: element, hover: false });
    element.style.visibility = 'hidden'; // until the first rows arrive
  }

  async update(rows: readonly object[], source = TABLE): Promise<void> {
    this.view.data(source, rows as object[]);
    this.filled.set(source, rows.length > 0);
    // An empty chart is hidden, not drawn: a log scale without data has no extent.
    if (![...this.filled.values()].some(Boolean)) {
      this.element.style.visibility = 'hidden';
      return;
    }
    await this.view.runAsync();
    this.element.style.visibility = 'visible';
    this.version++;
  }

  /** Whether each data source has rows. */
  private readonly filled = new Map<string, boolean>();

  finalize(): void {
    this.view.finalize();
    this.element.replaceChildren();
  }
}
