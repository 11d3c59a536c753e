import { ColumnProfile } from "./columnProfile";
import { type CsvSource, streamCsv } from "./csvSource";
import { DatasetError, rowRef } from "./errors";
import { readHeader } from "./header";
import { checkFieldCount, readLabel } from "./labelColumn";
import { type ColumnRole, type TrainingTableOptions, resolveColumnRoles } from "./trainingOptions";

/** Result of the first pass over a training file. */
export interface TableScan {
  header: string[];
  roles: ColumnRole[];
  /** Per header column; null for the label and ignored columns. */
  profiles: Array<ColumnProfile | null>;
  rowCount: number;
  positives: number;
  fingerprint: string;
}

/**
 * First pass: validates the structure and every label, and profiles each column so that kinds,
 * identifiers and constants are known before the matrix is allocated at its exact size.
 */
export async function scanTable(source: CsvSource, options: TrainingTableOptions): Promise<TableScan> {
  // Held in an object because TypeScript does not see assignments made inside the callback.
  const seen: { header: string[] | null } = { header: null };
  let roles: ColumnRole[] = [];
  let profiles: Array<ColumnProfile | null> = [];
  let labelIndex = -1;
  let rowCount = 0;
  let positives = 0;

  const fingerprint = await streamCsv(source, (fields, record, line) => {
    const header = seen.header;
    if (header === null) {
      const names = readHeader(fields);
      roles = resolveColumnRoles(names, options);
      labelIndex = roles.indexOf("label");
      profiles = roles.map((role) => (role === "label" || role === "ignore" ? null : new ColumnProfile(role === "auto")));
      seen.header = names;
      return;
    }
    const row = record - 1;
    checkFieldCount(fields.length, header.length, row, line);
    positives += readLabel(fields[labelIndex], options.label, row, line);
    for (let c = 0; c < fields.length; c++) {
      const profile = profiles[c];
      if (profile === null) continue;
      const value = fields[c];
      if (!profile.add(value) && roles[c] === "numeric") {
        throw new DatasetError(
          "NOT_NUMERIC",
          `column "${header[c]}" is listed as numeric but has value "${value}" in ${rowRef(row, line)}`,
          { row, line, column: header[c] },
        );
      }
    }
    rowCount++;
  });

  const header = seen.header;
  if (header === null) throw new DatasetError("EMPTY_FILE", "the file is empty: expected a header row and data rows");
  if (rowCount === 0) throw new DatasetError("NO_DATA_ROWS", "the file has a header but no data rows");
  return { header, roles, profiles, rowCount, positives, fingerprint };
}
