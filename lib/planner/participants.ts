import { type ClvColumns, type ClvInput, requireNonNegative, requireUnitInterval } from "../clv";

/** One participant as the planner needs them: an id plus the CLV inputs at the predicted p. */
export interface PlannerParticipant extends ClvInput {
  id: string;
}

/** The same, column-oriented, for large populations (no per-row objects). */
export interface PlannerParticipantColumns extends ClvColumns {
  ids: readonly string[];
}

/** Validated columns in the layout the option table is built from. */
export interface ParticipantTable extends PlannerParticipantColumns {
  count: number;
}

function checkIds(ids: readonly string[], field: (i: number) => string): void {
  // Each participant may receive at most one intervention, so an id appearing twice would let
  // the same person be planned twice.
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (typeof id !== "string" || id === "") throw new TypeError(`${field(i)} must be a non-empty string`);
    if (seen.has(id)) throw new RangeError(`${field(i)} "${id}" appears twice`);
    seen.add(id);
  }
}

function checkRow(table: ClvColumns, i: number, field: (i: number, name: string) => string): void {
  const p = table.churnProbability[i];
  const visits = table.remainingVisits[i];
  const value = table.visitValueUsd[i];
  const replacement = table.replacementCostUsd[i];
  const months = table.remainingMonths[i];
  // Plain comparisons first (NaN fails them all); names are only formatted for a bad row.
  const ok =
    p >= 0 && p <= 1 && visits >= 0 && visits < Infinity && value >= 0 && value < Infinity && replacement >= 0 && replacement < Infinity && months >= 0 && months < Infinity;
  if (ok) return;
  requireUnitInterval(field(i, "churnProbability"), p);
  requireNonNegative(field(i, "remainingVisits"), visits);
  requireNonNegative(field(i, "visitValueUsd"), value);
  requireNonNegative(field(i, "replacementCostUsd"), replacement);
  requireNonNegative(field(i, "remainingMonths"), months);
}

function fromObjects(participants: readonly PlannerParticipant[]): ParticipantTable {
  const count = participants.length;
  const churnProbability = new Float64Array(count);
  const remainingVisits = new Float64Array(count);
  const visitValueUsd = new Float64Array(count);
  const replacementCostUsd = new Float64Array(count);
  const remainingMonths = new Float64Array(count);
  participants.forEach((p, i) => {
    churnProbability[i] = p.churnProbability;
    remainingVisits[i] = p.remainingVisits;
    visitValueUsd[i] = p.visitValueUsd;
    replacementCostUsd[i] = p.replacementCostUsd;
    remainingMonths[i] = p.remainingMonths;
  });
  const ids = participants.map((p) => p.id);
  const table: ParticipantTable = { count, ids, churnProbability, remainingVisits, visitValueUsd, replacementCostUsd, remainingMonths };
  checkIds(ids, (i) => `participants[${i}].id`);
  for (let i = 0; i < count; i++) checkRow(table, i, (row, name) => `participants[${row}].${name}`);
  return table;
}

function fromColumns(columns: PlannerParticipantColumns): ParticipantTable {
  const count = columns.ids.length;
  for (const name of ["churnProbability", "remainingVisits", "visitValueUsd", "replacementCostUsd", "remainingMonths"] as const) {
    if (columns[name].length !== count) throw new RangeError(`participants.${name} has ${columns[name].length} rows but ids has ${count}`);
  }
  checkIds(columns.ids, (i) => `participants.ids[${i}]`);
  for (let i = 0; i < count; i++) checkRow(columns, i, (row, name) => `participants.${name}[${row}]`);
  return { ...columns, count };
}

/** Accepts either layout and validates every row; errors name the row and field. */
export function toParticipantTable(participants: readonly PlannerParticipant[] | PlannerParticipantColumns): ParticipantTable {
  return Array.isArray(participants) ? fromObjects(participants) : fromColumns(participants as PlannerParticipantColumns);
}
