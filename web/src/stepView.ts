import { workedExample, EXAMPLE, type StepRow } from './stepByStep';

/** The step-by-step table: rows appear one at a time (Next) or all at once. */
export function renderStepByStep(body: HTMLTableSectionElement, next: HTMLElement, all: HTMLElement): void {
  const rows = workedExample();
  let shown = 0;
  const format = (values: number[]) => values.map((v) => v.toFixed(6)).join(', ');
  const make = (row: StepRow): HTMLTableRowElement => {
    const tr = document.createElement('tr');
    tr.className = `phase-${row.phase}`;
    const agree = row.kubiki.length === row.byFormula.length && row.kubiki.every((v, i) => Math.abs(v - (row.byFormula[i] as number)) < 1e-12);
    for (const text of [row.phase, row.symbol, row.formula, format(row.kubiki), format(row.byFormula), agree ? '✓' : '✗']) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  };
  const show = (count: number) => {
    shown = Math.min(rows.length, count);
    body.replaceChildren(...rows.slice(0, shown).map(make));
    next.toggleAttribute('disabled', shown === rows.length);
  };
  next.addEventListener('click', () => show(shown + 1));
  all.addEventListener('click', () => show(rows.length));
  const caption = document.getElementById('step-example');
  if (caption) {
    caption.textContent =
      `x = [${EXAMPLE.x.join(', ')}], y = ${EXAMPLE.y}, W¹ = ${JSON.stringify(EXAMPLE.W1)}, W² = [${EXAMPLE.W2.join(', ')}]ᵀ, ` +
      `no biases, loss L = (ŷ − y)², SGD step η = ${EXAMPLE.lr}`;
  }
  show(1);
}
