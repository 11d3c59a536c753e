import { COLUMNS, type ColumnSpec } from "../columns";

/** A participant row ready for the database: dates as Date, missing values as null. */
export type ParticipantValue = string | number | boolean | Date | null;
export type ParticipantRow = Record<string, ParticipantValue>;

export interface FieldError {
  /** 1-based line in the CSV file (the header is line 1). */
  line: number;
  /** CSV column name, or "(row)" for problems with the row as a whole. */
  column: string;
  value: string;
  message: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDate(raw: string): Date | string {
  const m = DATE_RE.exec(raw);
  if (!m) return "must be a date in YYYY-MM-DD format";
  const date = new Date(`${raw}T00:00:00.000Z`);
  // Date rolls invalid days over (2026-02-30 → March 2): catch that by formatting back.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) return "is not a valid calendar date";
  return date;
}

function parseBool(raw: string): boolean | string {
  const v = raw.toLowerCase();
  if (v === "1" || v === "true" || v === "yes") return true;
  if (v === "0" || v === "false" || v === "no") return false;
  return "must be 1 or 0 (or true/false)";
}

function parseNumber(spec: ColumnSpec, raw: string): number | string {
  if (!NUMBER_RE.test(raw)) return spec.kind === "int" ? "must be a whole number" : "must be a number";
  const value = Number(raw);
  if (!Number.isFinite(value)) return "must be a finite number";
  if (spec.kind === "int" && !Number.isInteger(value)) return "must be a whole number";
  if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
  if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
  return value;
}

function parseField(spec: ColumnSpec, raw: string): ParticipantValue | { error: string } {
  const text = raw.trim();
  if (text === "") return spec.nullable ? null : { error: "is required" };
  switch (spec.kind) {
    case "id":
      return ID_RE.test(text) ? text : { error: "must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit" };
    case "category":
      if (spec.values && !spec.values.includes(text)) return { error: `must be one of ${spec.values.join(", ")}` };
      return text.length <= 64 ? text : { error: "must be at most 64 characters" };
    case "date": {
      const d = parseDate(text);
      return typeof d === "string" ? { error: d } : d;
    }
    case "bool": {
      const b = parseBool(text);
      return typeof b === "string" ? { error: b } : b;
    }
    case "int":
    case "float": {
      const n = parseNumber(spec, text);
      return typeof n === "string" ? { error: n } : n;
    }
  }
}

/** Maps header names to column positions; reports missing, unknown and repeated columns. */
export function resolveHeader(header: string[]): { positions: number[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (seen.has(name)) errors.push({ line: 1, column: name, value: name, message: "column appears more than once" });
    seen.set(name, i);
  });
  const known = new Set(COLUMNS.map((c) => c.csv));
  for (const name of names) {
    if (!known.has(name)) errors.push({ line: 1, column: name, value: name, message: "unknown column" });
  }
  const positions = COLUMNS.map((c) => {
    const pos = seen.get(c.csv);
    if (pos === undefined && !c.nullable) errors.push({ line: 1, column: c.csv, value: "", message: "required column is missing" });
    return pos ?? -1;
  });
  return { positions, errors };
}

/** Parses and validates one record; returns the row or the list of problems in it. */
export function parseParticipant(
  fields: string[],
  line: number,
  positions: number[],
  headerWidth: number,
): { row: ParticipantRow } | { errors: FieldError[] } {
  if (fields.length !== headerWidth) {
    return { errors: [{ line, column: "(row)", value: "", message: `has ${fields.length} fields, expected ${headerWidth}` }] };
  }
  const row: ParticipantRow = {};
  const errors: FieldError[] = [];
  for (let c = 0; c < COLUMNS.length; c++) {
    const spec = COLUMNS[c];
    const raw = positions[c] >= 0 ? fields[positions[c]] : "";
    const parsed = parseField(spec, raw);
    if (parsed !== null && typeof parsed === "object" && "error" in parsed) {
      errors.push({ line, column: spec.csv, value: raw, message: `${spec.csv} ${parsed.error}` });
    } else {
      row[spec.field] = parsed;
    }
  }
  if (errors.length === 0) errors.push(...crossFieldErrors(row, line));
  return errors.length > 0 ? { errors } : { row };
}

function crossFieldErrors(row: ParticipantRow, line: number): FieldError[] {
  const errors: FieldError[] = [];
  const enrolled = row.enrollmentDate as Date;
  const snapshot = row.snapshotDate as Date;
  if (snapshot.getTime() < enrolled.getTime()) {
    errors.push({
      line,
      column: "snapshot_date",
      value: snapshot.toISOString().slice(0, 10),
      message: `snapshot_date must not be before enrollment_date (${enrolled.toISOString().slice(0, 10)})`,
    });
  }
  return errors;
}
