import { COLUMNS, type ColumnSpec } from "../data/columns";
import type { FeatureSpec } from "../ml/dataset";

export interface InputProblem {
  /** Row index (0-based) within the request. */
  row: number;
  /** Field name as the API spells it (camelCase). */
  field: string;
  message: string;
}

/** Input rejected before anything was scored or written; `problems` name row, field and issue. */
/**
 * The production server loads this module twice (once bundled by Next.js for pages and REST
 * routes, once for the GraphQL fast path), so `instanceof` recognises either copy by a
 * process-wide brand rather than by class identity.
 */
const INVALID_INPUT_BRAND = Symbol.for("retain.InvalidParticipantInput");

export class InvalidParticipantInput extends Error {
  readonly [INVALID_INPUT_BRAND] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && INVALID_INPUT_BRAND in value;
  }

  constructor(readonly problems: InputProblem[]) {
    super(
      `Invalid participant input: ${problems
        .slice(0, 5)
        .map((p) => `row ${p.row + 1}, ${p.field}: ${p.message}`)
        .join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`,
    );
    this.name = "InvalidParticipantInput";
  }
}

const BY_CSV = new Map(COLUMNS.map((c) => [c.csv, c]));

function checkValue(spec: ColumnSpec, value: unknown): string | null {
  if (value === null || value === undefined) return spec.nullable ? null : "is required";
  switch (spec.kind) {
    case "int":
    case "float": {
      if (typeof value !== "number" || !Number.isFinite(value)) return `must be a number, got ${JSON.stringify(value)}`;
      if (spec.kind === "int" && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
      if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}, got ${value}`;
      if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}, got ${value}`;
      return null;
    }
    case "bool":
      return typeof value === "boolean" ? null : `must be true or false, got ${JSON.stringify(value)}`;
    case "category":
    case "id":
      if (typeof value !== "string" || value.trim() === "") return `must be a non-empty text, got ${JSON.stringify(value)}`;
      if (spec.values && !spec.values.includes(value)) return `must be one of ${spec.values.join(", ")}, got "${value}"`;
      return null;
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : `must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`;
  }
}

/**
 * Checks participants given to the API or a batch file against what the model needs: every model
 * feature present (or null where the column allows missing values), of the column's type, within
 * its range and, for closed category sets (phase, arm, ...), one of the allowed values. Open
 * categories (study, site) may hold values the model never saw: they take the model's rule for
 * unseen categories. Also checks the fields lifetime value needs. Returns every problem found.
 */
export function validateParticipants(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, features: readonly FeatureSpec[], extraFields: readonly string[] = []): InputProblem[] {
  const specs: ColumnSpec[] = [];
  for (const f of features) {
    const spec = BY_CSV.get(f.name);
    if (spec) specs.push(spec);
  }
  for (const field of extraFields) {
    const spec = COLUMNS.find((c) => c.field === field);
    if (spec && !specs.includes(spec)) specs.push(spec);
  }
  const problems: InputProblem[] = [];
  rows.forEach((row, i) => {
    for (const spec of specs) {
      const problem = checkValue(spec, row[spec.field]);
      if (problem) problems.push({ row: i, field: spec.field, message: `${spec.field} ${problem}` });
    }
  });
  return problems;
}
