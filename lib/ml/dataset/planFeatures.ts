import { DatasetError } from "./errors";
import { listColumns } from "./header";
import type { TableScan } from "./scanTable";
import type { FeatureKind } from "./schema";

/** A column left out of the feature matrix, and why. */
export interface IgnoredColumn {
  name: string;
  /**
   * - `requested`: listed in `ignore`.
   * - `identifier`: every value unique and non-numeric (e.g. a participant id), detected
   *   automatically; list it in `categorical` to keep it.
   * - `constant`: the same value in every row, or missing in every row.
   */
  reason: "requested" | "identifier" | "constant";
}

export interface PlannedFeature {
  name: string;
  /** Position of the column in the file. */
  column: number;
  kind: FeatureKind;
}

export interface FeaturePlan {
  features: PlannedFeature[];
  ignored: IgnoredColumn[];
  warnings: string[];
}

/**
 * Decides each column's fate from the first-pass profile. Explicit `numeric`/`categorical`
 * choices win; otherwise a column is numeric when every present value is a number, ignored when
 * it looks like an identifier, categorical otherwise. Constant columns are dropped with a warning
 * (they cannot split anything), but if nothing else is left the data is unusable and that is an
 * error.
 */
export function planFeatures(scan: TableScan): FeaturePlan {
  const { header, roles, profiles, rowCount } = scan;
  const candidates: PlannedFeature[] = [];
  const ignored: IgnoredColumn[] = [];
  const warnings: string[] = [];

  header.forEach((name, column) => {
    const role = roles[column];
    const profile = profiles[column];
    if (role === "label") return;
    if (role === "ignore" || profile === null) {
      ignored.push({ name, reason: "requested" });
      return;
    }
    if (role === "auto" && profile.isIdentifier(rowCount)) {
      ignored.push({ name, reason: "identifier" });
      warnings.push(
        `column "${name}" looks like an identifier (every value unique and non-numeric) and was ignored; list it in "categorical" to use it as a feature`,
      );
      return;
    }
    const kind: FeatureKind = role === "auto" ? (profile.numeric ? "numeric" : "categorical") : role;
    candidates.push({ name, column, kind });
  });

  if (candidates.length === 0) {
    const label = header[roles.indexOf("label")];
    throw new DatasetError(
      "NO_FEATURES",
      ignored.length === 0
        ? `no feature columns: the file has no column besides the label "${label}"`
        : `no feature columns: besides the label "${label}" every column is ignored (${ignored.map((c) => `"${c.name}": ${c.reason}`).join(", ")})`,
    );
  }

  const constant = candidates.filter((f) => profiles[f.column]?.isConstant(f.kind, rowCount));
  if (constant.length === candidates.length) {
    throw new DatasetError(
      "ALL_FEATURES_CONSTANT",
      `every feature column is constant (${listColumns(constant.map((f) => f.name))}): there is nothing to learn from`,
    );
  }
  for (const f of constant) {
    ignored.push({ name: f.name, reason: "constant" });
    const missing = profiles[f.column]?.present === 0;
    warnings.push(`column "${f.name}" is constant (${missing ? "missing in every row" : "one value in every row"}) and was dropped`);
  }
  const features = candidates.filter((f) => !constant.includes(f));
  return { features, ignored, warnings };
}
