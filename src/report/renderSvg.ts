import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';

/**
 * A chart spec (charts.ts) as standalone SVG text, in Node or a browser: Vega-Lite compiles it to
 * Vega, a headless Vega view ('none' renderer: no canvas, no DOM) lays it out and writes the SVG.
 * Fonts are named, not embedded; the SVG can be inlined in HTML as is.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
