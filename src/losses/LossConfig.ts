/** Every loss's config, discriminated by `type` (the exported class name). */
export type LossConfig =
  | { readonly type: 'MSELoss' }
  | { readonly type: 'L1Loss' }
  | { readonly type: 'HuberLoss'; readonly delta?: number }
  | { readonly type: 'BCELoss' }
  | { readonly type: 'BCEWithLogitsLoss' }
  | { readonly type: 'CrossEntropyLoss'; readonly ignoreIndex?: number }
  | { readonly type: 'NLLLoss' };

export type LossType = LossConfig['type'];
