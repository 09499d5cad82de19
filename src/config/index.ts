// model.json: reading, validation with JSON paths, and name suggestions.
export { loadConfig, validateConfig } from './loadConfig';
export type { KubikiConfig } from './loadConfig';
export { parseJson } from './parseJson';
export { nearestName, didYouMean } from '../util/suggest';
