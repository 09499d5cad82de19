import { Adam, type AdamOptions } from './Adam';

/**
 * AdamW as torch.optim.AdamW: weight decay decoupled from the gradient (Loshchilov & Hutter):
 *   θ ← θ·(1 − lr·wd), then the Adam step with the raw gradient g. Default wd = 0.01.
 */
export class AdamW extends Adam {
  override readonly name = 'AdamW';
  protected override readonly decoupled = true;

  constructor(options: AdamOptions = {}) {
    super(options, 0.01, 'AdamW');
  }
}
