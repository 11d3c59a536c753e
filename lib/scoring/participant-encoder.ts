import { COLUMNS, type ColumnSpec } from "../data/columns";
import type { FeatureSpec } from "../ml/dataset";

/** A participant keyed by field name (camelCase), as the database or the API hands it over. */
export type ParticipantLike = Readonly<Record<string, unknown>>;

interface CompiledFeature {
  field: string;
  column: ColumnSpec;
  /** Category text → code; null for numeric features. */
  codes: Map<string, number> | null;
  unseenCode: number;
}

const BY_CSV = new Map(COLUMNS.map((c) => [c.csv, c]));

function text(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
}

/**
 * Turns participants into a model's feature matrix without intermediate objects: numbers as
 * they are, flags as 1/0, missing values as NaN, categories as the model's codes, and categories
 * the model never saw as the code after its last one (so every categorical split sends them
 * right, as LightGBM does).
 */
export class ParticipantEncoder {
  private readonly compiled: CompiledFeature[];

  constructor(readonly features: readonly FeatureSpec[]) {
    const unknown = features.filter((f) => !BY_CSV.has(f.name)).map((f) => f.name);
    if (unknown.length > 0) {
      throw new Error(`The model's features ${unknown.join(", ")} are not participant columns, so it cannot score participants.`);
    }
    this.compiled = features.map((f) => {
      const column = BY_CSV.get(f.name) as ColumnSpec;
      return {
        field: column.field,
        column,
        codes: f.kind === "categorical" ? new Map(f.categories.map((c, i) => [c, i])) : null,
        unseenCode: f.kind === "categorical" ? f.categories.length : -1,
      };
    });
  }

  get width(): number {
    return this.compiled.length;
  }

  encodeInto(participant: ParticipantLike, out: Float64Array, offset: number): void {
    for (let j = 0; j < this.compiled.length; j++) {
      const c = this.compiled[j];
      const value = participant[c.field];
      let x: number;
      if (value === null || value === undefined || value === "") x = Number.NaN;
      else if (c.codes) x = c.codes.get(typeof value === "boolean" ? (value ? "1" : "0") : text(value)) ?? c.unseenCode;
      else if (typeof value === "number") x = value;
      else if (typeof value === "boolean") x = value ? 1 : 0;
      else throw new TypeError(`${c.column.csv} must be a number for this model, got ${JSON.stringify(value)}`);
      out[offset + j] = x;
    }
  }

  encode(participants: readonly ParticipantLike[]): Float64Array {
    const out = new Float64Array(participants.length * this.compiled.length);
    participants.forEach((p, i) => this.encodeInto(p, out, i * this.compiled.length));
    return out;
  }
}
