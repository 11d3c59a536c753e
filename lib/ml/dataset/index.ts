/**
 * Tabular CSV loading for training and scoring: a streaming RFC 4180 parser, training-table
 * loading with kind detection and categorical encoding, schema-based encoding of new rows, and a
 * deterministic stratified split.
 */
export { CsvParser, type RecordHandler, parseCsv } from "./csvParser";
export { type CsvSource, streamCsv } from "./csvSource";
export { type EncodedRows, type InputRow, encodeWithSchema } from "./encodeWithSchema";
export { DatasetError, type DatasetErrorCode, type DatasetErrorDetails } from "./errors";
export { type ScoringTable, type ScoringTableOptions, loadScoringTable } from "./loadScoringTable";
export { type TrainingTable, loadTrainingTable } from "./loadTrainingTable";
export type { IgnoredColumn } from "./planFeatures";
export { SeededRandom } from "./random";
export {
  type CategoricalFeature,
  type FeatureKind,
  type FeatureSpec,
  type NumericFeature,
  type TableSchema,
  unseenCategoryCode,
} from "./schema";
export type { CellValue, UnseenCategories } from "./schemaEncoder";
export { type SplitIndices, stratifiedSplit } from "./stratifiedSplit";
export { takeLabels, takeRows } from "./takeRows";
export type { TrainingTableOptions } from "./trainingOptions";
export { parseBinaryLabel, parseNumber, sortCategories } from "./values";
