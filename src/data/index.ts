// The data API: CSV loading, splits, normalisation.
export { loadCsv, csvDataset } from './loadCsv';
export type { CsvDataset, CsvOptions, LabelColumn } from './loadCsv';
export { parseCsv } from './parseCsv';
export type { CsvRecord } from './parseCsv';
export { splitIndices, takeRows } from './split';
export type { SplitIndices } from './split';
export { fitNormalizer, applyNormalizer, isNormalizer, NORMALIZATIONS } from './Normalizer';
export type { Normalizer, Normalization } from './Normalizer';
