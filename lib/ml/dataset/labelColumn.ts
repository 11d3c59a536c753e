import { DatasetError, rowRef } from "./errors";
import { parseBinaryLabel } from "./values";

/** Parses one label value, naming the row and value when it is missing or not binary. */
export function readLabel(value: string, labelName: string, row: number, line: number): 0 | 1 {
  if (value === "") {
    throw new DatasetError("MISSING_LABEL", `label "${labelName}" is missing in ${rowRef(row, line)}; every row needs a label`, {
      row,
      line,
      column: labelName,
    });
  }
  const y = parseBinaryLabel(value);
  if (y === null) {
    throw new DatasetError(
      "NON_BINARY_LABEL",
      `label "${labelName}" has value "${value}" in ${rowRef(row, line)}; expected 0/1, true/false or yes/no`,
      { row, line, column: labelName },
    );
  }
  return y;
}

/** Rejects a row whose field count differs from the header's (a column shift would corrupt every later value). */
export function checkFieldCount(actual: number, expected: number, row: number, line: number): void {
  if (actual !== expected) {
    throw new DatasetError("RAGGED_ROW", `${rowRef(row, line)} has ${actual} fields but the header has ${expected}`, { row, line });
  }
}
