/** Every optimizer's config, discriminated by `type` (the exported class name). */
export type OptimizerConfig =
  | {
      readonly type: 'SGD';
      readonly lr: number;
      readonly momentum?: number;
      readonly nesterov?: boolean;
      readonly weightDecay?: number;
    }
  | {
      readonly type: 'Adam' | 'AdamW';
      readonly lr?: number;
      readonly beta1?: number;
      readonly beta2?: number;
      readonly eps?: number;
      readonly weightDecay?: number;
    }
  | {
      readonly type: 'RMSprop';
      readonly lr?: number;
      readonly alpha?: number;
      readonly eps?: number;
      readonly momentum?: number;
    }
  | { readonly type: 'Adagrad'; readonly lr?: number; readonly eps?: number };

export type OptimizerType = OptimizerConfig['type'];
