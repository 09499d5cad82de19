import type { LinearConfig } from './Linear';
import type { ReLUConfig } from './ReLU';

/** Every layer's config, discriminated by `type` (the exported class name). */
export type LayerConfig = LinearConfig | ReLUConfig;

export type LayerType = LayerConfig['type'];
