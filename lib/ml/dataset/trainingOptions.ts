import { DatasetError } from "./errors";
import { listColumns } from "./header";
import type { FeatureKind } from "./schema";

export interface TrainingTableOptions {
  /** The 0/1 label column (values 0/1, true/false or yes/no). */
  label: string;
  /** Columns to treat as categorical whatever their values look like (e.g. integer-coded sites). */
  categorical?: string[];
  /** Columns to treat as numeric; a non-numeric value in one is an error. */
  numeric?: string[];
  /** Columns to leave out. */
  ignore?: string[];
}

/** Per header column: the user's explicit choice, or "auto" to decide from the values. */
export type ColumnRole = "label" | "ignore" | "auto" | FeatureKind;

/**
 * Maps the options onto header positions, rejecting names that are not columns and columns given
 * two roles, before any data row is read.
 */
export function resolveColumnRoles(header: readonly string[], options: TrainingTableOptions): ColumnRole[] {
  const roles: ColumnRole[] = header.map(() => "auto");
  const labelIndex = header.indexOf(options.label);
  if (labelIndex < 0) {
    throw new DatasetError(
      "MISSING_LABEL_COLUMN",
      `label column "${options.label}" not found; available columns: ${listColumns(header)}`,
      { column: options.label },
    );
  }
  roles[labelIndex] = "label";

  const lists: Array<[keyof TrainingTableOptions, ColumnRole, string[] | undefined]> = [
    ["categorical", "categorical", options.categorical],
    ["numeric", "numeric", options.numeric],
    ["ignore", "ignore", options.ignore],
  ];
  for (const [option, role, names] of lists) {
    for (const name of names ?? []) {
      const i = header.indexOf(name);
      if (i < 0) {
        throw new DatasetError(
          "UNKNOWN_COLUMN",
          `option "${option}" names column "${name}", which is not in the file; available columns: ${listColumns(header)}`,
          { column: name },
        );
      }
      const current = roles[i];
      if (current === role) continue;
      if (current !== "auto") {
        const other = current === "label" ? "the label" : `in "${current}"`;
        throw new DatasetError("CONFLICTING_OPTIONS", `column "${name}" is listed in "${option}" but is also ${other}`, {
          column: name,
        });
      }
      roles[i] = role;
    }
  }
  return roles;
}
