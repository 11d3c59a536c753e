import { DatasetError, streamCsv } from "../ml/dataset";
import { parseParticipant, resolveHeader, type FieldError, type ParticipantRow } from "../data/import/parse-participant";

/** The batch page reports this many problems; the total is always counted. */
export const MAX_REPORTED_BATCH_ERRORS = 100;
/** Same ceiling as the API's predictBatch: one file is one scoring call. */
export const MAX_BATCH_ROWS = 10_000;

/** A validated participant as the scoring services take it (API shape: dates as YYYY-MM-DD text). */
export type BatchInputRow = Record<string, string | number | boolean | null>;

export type BatchParseResult =
  | { ok: true; rows: BatchInputRow[] }
  | { ok: false; errors: FieldError[]; errorCount: number; rows: number };

/** Dates become the API's YYYY-MM-DD text: plain data that crosses threads and matches API input. */
function toInputRow(row: ParticipantRow): BatchInputRow {
  const out: BatchInputRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  return out;
}

/**
 * Parses and validates a participants CSV with the importer's own header and row rules
 * (lib/data/import/parse-participant.ts) and the dataset CSV parser, so a file the batch page
 * accepts is exactly a file `npm run data:import` accepts, apart from ids already in the database
 * (scoring a file never writes it). Duplicate ids within the file are rejected as the importer
 * does. Errors are sorted by line; at most `maxErrors` are kept, all are counted.
 */
export async function parseParticipantsCsv(text: string, maxErrors = MAX_REPORTED_BATCH_ERRORS, maxRows = MAX_BATCH_ROWS): Promise<BatchParseResult> {
  const errors: FieldError[] = [];
  let errorCount = 0;
  const report = (list: readonly FieldError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < maxErrors) errors.push(e);
  };
  const rows: BatchInputRow[] = [];
  const idLines = new Map<string, number>();
  let positions: number[] | null = null;
  let width = 0;
  let dataRows = 0;
  let stopped = false;

  try {
    await streamCsv({ text }, (fields, record, line) => {
      if (stopped) return;
      if (record === 1) {
        const header = resolveHeader(fields);
        if (header.errors.length > 0) {
          stopped = true;
          report(header.errors);
          return;
        }
        positions = header.positions;
        width = fields.length;
        return;
      }
      if (!positions) return;
      dataRows++;
      if (dataRows > maxRows) {
        stopped = true;
        report([{ line, column: "(file)", value: "", message: `the file has more than ${maxRows.toLocaleString("en-US")} data rows; split it into smaller files` }]);
        return;
      }
      const result = parseParticipant(fields, line, positions, width);
      if ("errors" in result) return report(result.errors);
      const id = result.row.id as string;
      const first = idLines.get(id);
      if (first !== undefined) return report([{ line, column: "participant_id", value: id, message: `participant_id duplicates line ${first}` }]);
      idLines.set(id, line);
      // Rows are only needed while the file is still valid; after the first error they are dropped.
      if (errorCount === 0) rows.push(toInputRow(result.row));
    });
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    report([{ line: err.line ?? 0, column: "(file)", value: "", message: err.message }]);
  }
  if (errorCount === 0 && positions === null) report([{ line: 1, column: "(file)", value: "", message: "the file is empty: expected a header row" }]);
  else if (errorCount === 0 && dataRows === 0) report([{ line: 2, column: "(file)", value: "", message: "the file has a header but no data rows" }]);
  if (errorCount > 0) {
    errors.sort((a, b) => a.line - b.line);
    return { ok: false, errors, errorCount, rows: dataRows };
  }
  return { ok: true, rows };
}
