// model.json: reading, validation with JSON paths, and name suggestions.
export { loadConfig, validateConfig } from './loadConfig';
export type { KubikiConfig, GraphInputSpec } from './loadConfig';
export { parseJson } from './parseJson';
export { nearestName, didYouMean } from '../util/suggest';
