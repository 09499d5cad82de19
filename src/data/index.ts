// The data API: CSV loading, splits, normalisation.
export { loadCsv, csvDataset } from './loadCsv';
export type { CsvDataset, CsvOptions, LabelColumn } from './loadCsv';
export { parseCsv } from './parseCsv';
export type { CsvRecord } from './parseCsv';
export { splitIndices, takeRows } from './split';
export type { SplitIndices } from './split';
export { fitNormalizer, applyNormalizer, isNormalizer, NORMALIZATIONS } from './Normalizer';
export type { Normalizer, Normalization } from './Normalizer';
export { buildVocabulary, vocabularySize, checkVocabulary, PAD_TOKEN, END_TOKEN } from './Vocabulary';
export type { Vocabulary } from './Vocabulary';
export { loadText, parseTextLines, takeLines } from './loadText';
export type { TextLines } from './loadText';
export { encodeText } from './encodeText';
export type { EncodeTextOptions, TextData } from './encodeText';
