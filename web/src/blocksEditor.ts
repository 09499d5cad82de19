import { ACTIVATIONS, blockLabel, type ActivationName, type Block } from './network';

/** The network editor: one row per block with its setting, move up/down and remove; add buttons below. */
export function renderBlocks(list: HTMLElement, blocks: Block[], changed: () => void): void {
  list.replaceChildren(
    ...blocks.map((block, index) => {
      const item = document.createElement('li');
      item.className = `block block-${block.kind.toLowerCase()}`;
      item.dataset.index = String(index);
      const label = document.createElement('span');
      label.className = 'block-label';
      label.textContent = block.kind === 'Activation' ? 'activation' : block.kind;
      item.append(label, settingInput(block, (next) => {
        blocks[index] = next;
        changed();
      }));
      const button = (text: string, title: string, action: () => void) => {
        const b = document.createElement('button');
        b.textContent = text;
        b.title = title;
        b.className = 'icon';
        b.addEventListener('click', () => {
          action();
          changed();
        });
        return b;
      };
      const swap = (a: number, b: number) => {
        if (a < 0 || b >= blocks.length) return;
        [blocks[a], blocks[b]] = [blocks[b] as Block, blocks[a] as Block];
      };
      item.append(
        button('↑', `move ${blockLabel(block)} up`, () => swap(index - 1, index)),
        button('↓', `move ${blockLabel(block)} down`, () => swap(index, index + 1)),
        button('✕', `remove ${blockLabel(block)}`, () => blocks.splice(index, 1)),
      );
      return item;
    }),
  );
}

function settingInput(block: Block, set: (block: Block) => void): HTMLElement {
  if (block.kind === 'Activation') {
    const select = document.createElement('select');
    for (const name of Object.keys(ACTIVATIONS)) select.add(new Option(name, name, false, name === block.activation));
    select.addEventListener('change', () => set({ kind: 'Activation', activation: select.value as ActivationName }));
    return select;
  }
  const input = document.createElement('input');
  input.type = 'number';
  if (block.kind === 'Linear') {
    Object.assign(input, { min: '1', max: '512', step: '1', value: String(block.units), title: 'output units' });
    input.addEventListener('change', () => set({ kind: 'Linear', units: Math.max(1, Math.min(512, Math.round(Number(input.value) || 1))) }));
  } else {
    Object.assign(input, { min: '0', max: '0.9', step: '0.05', value: String(block.p), title: 'drop probability' });
    input.addEventListener('change', () => set({ kind: 'Dropout', p: Math.max(0, Math.min(0.9, Number(input.value) || 0)) }));
  }
  return input;
}
