import { DatasetError, rowRef } from "./errors";
import { type TableSchema, unseenCategoryCode } from "./schema";
import { parseNumber } from "./values";

/** A value in a row to score: CSV text, or a field from a database row or API payload. */
export type CellValue = string | number | boolean | null | undefined;

/** Categories met in scoring that the schema does not know; they are encoded as `unseenCategoryCode`. */
export interface UnseenCategories {
  column: string;
  /** Rows holding an unseen category in this column. */
  rows: number;
  /** Up to five distinct unseen values, in order of first appearance. */
  examples: string[];
}

const MAX_EXAMPLES = 5;

function describe(value: CellValue): string {
  return typeof value === "string" ? `string "${value}"` : `${typeof value} ${String(value)}`;
}

/**
 * Encodes values feature by feature with a stored schema, exactly as training did: numbers as
 * numbers, categories as their training code, missing (empty, null, undefined, NaN) as NaN.
 * Shared by the object-row and CSV scoring paths so both encode identically.
 */
export class SchemaEncoder {
  readonly schema: TableSchema;
  private readonly lookups: Array<Map<string, number> | null>;
  private readonly unseenCounts: Float64Array;
  private readonly unseenExamples: Array<Set<string>>;

  constructor(schema: TableSchema) {
    this.schema = schema;
    const names = new Set<string>();
    this.lookups = schema.features.map((f) => {
      if (names.has(f.name)) throw new DatasetError("INVALID_SCHEMA", `schema lists feature "${f.name}" twice`, { column: f.name });
      names.add(f.name);
      if (f.kind === "numeric") return null;
      const lookup = new Map<string, number>();
      f.categories.forEach((text, code) => {
        if (lookup.has(text)) {
          throw new DatasetError("INVALID_SCHEMA", `schema lists category "${text}" twice for feature "${f.name}"`, { column: f.name });
        }
        lookup.set(text, code);
      });
      return lookup;
    });
    this.unseenCounts = new Float64Array(schema.features.length);
    this.unseenExamples = schema.features.map(() => new Set<string>());
  }

  /**
   * Encodes feature `j`'s value in data row `row` (1-based; `line` when it came from a file, for
   * the error message).
   */
  encode(j: number, value: CellValue, row: number, line?: number): number {
    if (value === null || value === undefined || value === "") return Number.NaN;
    if (typeof value === "number" && Number.isNaN(value)) return Number.NaN;
    const lookup = this.lookups[j];
    if (lookup === null) {
      const x = typeof value === "number" ? value : typeof value === "string" ? parseNumber(value) : Number.NaN;
      if (Number.isFinite(x)) return x;
      throw this.wrongType(j, value, "a number", row, line);
    }
    if (typeof value === "boolean") throw this.wrongType(j, value, "a category (string)", row, line);
    // Numbers are looked up by their decimal text so integer-coded categories may arrive as numbers.
    const text = typeof value === "number" ? String(value) : value;
    const code = lookup.get(text);
    if (code !== undefined) return code;
    this.unseenCounts[j]++;
    const examples = this.unseenExamples[j];
    if (examples.size < MAX_EXAMPLES) examples.add(text);
    const feature = this.schema.features[j];
    return feature.kind === "categorical" ? unseenCategoryCode(feature) : Number.NaN;
  }

  unseen(): UnseenCategories[] {
    return this.schema.features.flatMap((f, j) =>
      this.unseenCounts[j] > 0 ? [{ column: f.name, rows: this.unseenCounts[j], examples: [...this.unseenExamples[j]] }] : [],
    );
  }

  private wrongType(j: number, value: CellValue, expected: string, row: number, line?: number): DatasetError {
    const column = this.schema.features[j].name;
    const where = line === undefined ? `row ${row}` : rowRef(row, line);
    return new DatasetError("WRONG_TYPE", `${where}, column "${column}": expected ${expected}, got ${describe(value)}`, {
      row,
      line,
      column,
    });
  }
}
