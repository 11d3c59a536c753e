/**
 * CSV formatting for the participant table (RFC 4180 quoting, `\n` line endings), shared by the
 * generator and any importer/exporter so that every CSV the app writes looks the same: fixed
 * decimals per column, dates as YYYY-MM-DD, booleans as 1/0, missing values as empty fields.
 */
import { COLUMNS, type ColumnSpec } from "./columns";

export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * Decimals written for each float column (keyed by `field`); integer columns always get 0.
 * Chosen to sit below measurement precision, so rounding loses nothing meaningful.
 */
export const FLOAT_DECIMALS: Readonly<Record<string, number>> = {
  bmi: 1,
  distanceToSiteKm: 1,
  monthsEnrolled: 2,
  satisfactionScore: 1,
  ediaryCompliance: 3,
  coordinatorContactsPerMonth: 2,
  compensationPerVisitUsd: 2,
  visitValueUsd: 2,
  replacementCostUsd: 2,
};
const DEFAULT_FLOAT_DECIMALS = 4;

const NEEDS_QUOTES = /[",\r\n]/;

/** Quotes a field when it contains a comma, quote or line break, doubling inner quotes. */
export function escapeCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError("cannot write an invalid Date to CSV");
  return date.toISOString().slice(0, 10);
}

/**
 * One cell's text. Numbers use toFixed, whose result ECMAScript defines exactly, so output is
 * byte-stable across platforms; without `decimals` a number is written in its shortest form.
 */
export function formatCsvCell(value: CsvCell, decimals?: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") {
    // A NaN or infinity reaching a CSV is a bug upstream; an empty or "NaN" field would hide it.
    if (!Number.isFinite(value)) throw new RangeError(`cannot write non-finite number ${value} to CSV`);
    return decimals === undefined ? String(value) : value.toFixed(decimals);
  }
  if (value instanceof Date) return formatDate(value);
  return escapeCsvField(value);
}

/** A complete line terminated by `\n`; `decimals[i]`, when given, fixes the decimals of cell i. */
export function formatCsvLine(cells: readonly CsvCell[], decimals: readonly (number | undefined)[] = []): string {
  return `${cells.map((cell, i) => formatCsvCell(cell, decimals[i])).join(",")}\n`;
}

/** Header line of the participant table, in columns.ts order. */
export function participantCsvHeader(columns: readonly ColumnSpec[] = COLUMNS): string {
  return formatCsvLine(columns.map((c) => c.csv));
}

interface CellPlan {
  field: string;
  decimals: number | undefined;
}

function planFor(columns: readonly ColumnSpec[]): CellPlan[] {
  return columns.map((c) => ({
    field: c.field,
    decimals: c.kind === "int" ? 0 : c.kind === "float" ? (FLOAT_DECIMALS[c.field] ?? DEFAULT_FLOAT_DECIMALS) : undefined,
  }));
}

const DEFAULT_PLAN = planFor(COLUMNS);

/**
 * A data line for any object keyed by column `field` names: a generated record, a database row
 * (Date values are written as their UTC day) or an imported row.
 */
export function formatParticipantCsvLine<T extends { [K in keyof T]: CsvCell }>(
  record: T,
  columns: readonly ColumnSpec[] = COLUMNS,
): string {
  const plan = columns === COLUMNS ? DEFAULT_PLAN : planFor(columns);
  // Hand-built concatenation: this runs once per row on the million-row path.
  let line = "";
  for (let i = 0; i < plan.length; i++) {
    if (i > 0) line += ",";
    const value: CsvCell = record[plan[i].field as keyof T];
    line += formatCsvCell(value, plan[i].decimals);
  }
  return `${line}\n`;
}
