/** Machine-readable reason for a `DatasetError`, so callers (and tests) need not match message text. */
export type DatasetErrorCode =
  | "CSV_SYNTAX"
  | "EMPTY_FILE"
  | "NO_DATA_ROWS"
  | "EMPTY_COLUMN_NAME"
  | "DUPLICATE_COLUMN"
  | "UNKNOWN_COLUMN"
  | "CONFLICTING_OPTIONS"
  | "MISSING_LABEL_COLUMN"
  | "MISSING_FEATURE_COLUMN"
  | "RAGGED_ROW"
  | "MISSING_LABEL"
  | "NON_BINARY_LABEL"
  | "NOT_NUMERIC"
  | "WRONG_TYPE"
  | "NO_FEATURES"
  | "ALL_FEATURES_CONSTANT"
  | "INVALID_SCHEMA"
  | "FILE_CHANGED";

export interface DatasetErrorDetails {
  /** 1-based data row (the header is not counted). */
  row?: number;
  /** 1-based physical line in the file where the row starts (differs from row + 1 after quoted newlines). */
  line?: number;
  column?: string;
}

/**
 * Every problem with the input data is reported as this error, thrown before anything is
 * returned, so a failed load leaves no partial result behind.
 */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  readonly row: number | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(code: DatasetErrorCode, message: string, details: DatasetErrorDetails = {}) {
    super(message);
    this.name = "DatasetError";
    this.code = code;
    this.row = details.row;
    this.line = details.line;
    this.column = details.column;
  }
}

/** "row 12 (line 13)": the row for people counting records, the line for editors. */
export function rowRef(row: number, line: number): string {
  return `row ${row} (line ${line})`;
}
