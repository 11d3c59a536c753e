/**
 * The planner page's form: what the user typed (text, as inputs hold it) checked into the
 * planInterventions arguments, with a message per field so each can be shown next to its input.
 * The server checks the same rules again (lib/planner/interventions.ts); checking here first
 * gives messages at the right field instead of one error for the whole request.
 */

export interface InterventionDraft {
  /** Stable React key; not sent. */
  key: number;
  name: string;
  cost: string;
  reduction: string;
}

export interface PlannerDraft {
  budget: string;
  interventions: InterventionDraft[];
}

/** The GraphQL InterventionInput. */
export interface InterventionInput {
  name: string;
  costUsd: number;
  relativeReduction: number;
}

export interface InterventionErrors {
  name?: string;
  cost?: string;
  reduction?: string;
}

export interface PlannerFormErrors {
  budget?: string;
  interventions: InterventionErrors[];
  /** Problems with the catalogue as a whole (none left, too many). */
  catalogue?: string;
}

export type PlannerFormResult = { ok: true; budget: number; interventions: InterventionInput[] } | { ok: false; errors: PlannerFormErrors };

/** Matches the planner's choice table (one byte per option index). */
export const MAX_FORM_INTERVENTIONS = 255;
/** Far above any study's budget; keeps amounts well inside exact integer cents. */
export const MAX_BUDGET_USD = 1e12;
const MAX_NAME_LENGTH = 64;

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A typed amount as a number; `$`, spaces and thousands separators are allowed. */
export function parseAmount(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/[,\s_]/g, "");
  if (!NUMBER_RE.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

function wholeCents(usd: number): boolean {
  const cents = usd * 100;
  return Math.abs(cents - Math.round(cents)) <= 1e-6;
}

function budgetError(text: string): string | undefined {
  if (text.trim() === "") return "Enter a budget in USD.";
  const value = parseAmount(text);
  if (value === null) return "The budget must be a number of US dollars, e.g. 50000.";
  if (value < 0) return "The budget cannot be negative.";
  if (value > MAX_BUDGET_USD) return "The budget is too large (at most 1 trillion USD).";
  return undefined;
}

function costError(text: string): string | undefined {
  if (text.trim() === "") return "Enter a cost per participant.";
  const value = parseAmount(text);
  if (value === null) return "The cost must be a number of US dollars.";
  if (value < 0) return "The cost cannot be negative.";
  if (value > MAX_BUDGET_USD) return "The cost is too large.";
  if (!wholeCents(value)) return "The cost must be whole cents (at most 2 decimals).";
  return undefined;
}

function reductionError(text: string): string | undefined {
  if (text.trim() === "") return "Enter the relative reduction, from 0 to 1.";
  const value = parseAmount(text);
  if (value === null) return "The reduction must be a number from 0 to 1 (e.g. 0.15 for 15%).";
  if (value < 0 || value > 1) return "The reduction must be between 0 and 1 (e.g. 0.15 for 15%).";
  return undefined;
}

export function validatePlannerDraft(draft: PlannerDraft): PlannerFormResult {
  const errors: PlannerFormErrors = { budget: budgetError(draft.budget), interventions: [] };
  const seen = new Set<string>();
  for (const row of draft.interventions) {
    const name = row.name.trim();
    const e: InterventionErrors = {
      name:
        name === ""
          ? "Enter a name."
          : name.length > MAX_NAME_LENGTH
            ? `The name must be at most ${MAX_NAME_LENGTH} characters.`
            : seen.has(name)
              ? "Another intervention already has this name."
              : undefined,
      cost: costError(row.cost),
      reduction: reductionError(row.reduction),
    };
    seen.add(name);
    errors.interventions.push(e);
  }
  if (draft.interventions.length === 0) errors.catalogue = "Add at least one intervention.";
  else if (draft.interventions.length > MAX_FORM_INTERVENTIONS) errors.catalogue = `At most ${MAX_FORM_INTERVENTIONS} interventions are supported.`;
  const failed = errors.budget !== undefined || errors.catalogue !== undefined || errors.interventions.some((e) => e.name ?? e.cost ?? e.reduction);
  if (failed) return { ok: false, errors };
  return {
    ok: true,
    budget: parseAmount(draft.budget) as number,
    interventions: draft.interventions.map((r) => ({ name: r.name.trim(), costUsd: parseAmount(r.cost) as number, relativeReduction: parseAmount(r.reduction) as number })),
  };
}

/** Form rows for a catalogue (the planner's defaults), keys 1..n. */
export function draftsFrom(interventions: readonly InterventionInput[]): InterventionDraft[] {
  return interventions.map((i, n) => ({ key: n + 1, name: i.name, cost: String(i.costUsd), reduction: String(i.relativeReduction) }));
}
