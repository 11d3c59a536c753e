/**
 * Model versions as the Model page's client components see them (GraphQL `ModelVersion` fields),
 * the training form's parameters, and the side-by-side comparison of two versions.
 */
export interface VersionRow {
  version: string;
  status: string;
  /** Fraction of boosting iterations done while training (null when not reported). */
  progress: number | null;
  source: string;
  served: boolean;
  scoringStatus: string;
  /** ISO-8601. */
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  rocAuc: number | null;
  logLoss: number | null;
}

export const FINAL_STATUSES = new Set(["ready", "failed"]);

/** The LightGBM parameters the page lets one set, with their accepted ranges and defaults. */
export const TRAIN_FIELDS = [
  { name: "num_iterations", label: "Boosting iterations", min: 1, max: 5000, step: 1, integer: true, defaultValue: 100 },
  { name: "learning_rate", label: "Learning rate", min: 0.001, max: 1, step: 0.001, integer: false, defaultValue: 0.05 },
  { name: "num_leaves", label: "Leaves per tree", min: 2, max: 1024, step: 1, integer: true, defaultValue: 31 },
  { name: "min_data_in_leaf", label: "Min rows per leaf", min: 1, max: 10000, step: 1, integer: true, defaultValue: 40 },
] as const;

export type TrainField = (typeof TRAIN_FIELDS)[number]["name"];
export type TrainParams = Record<TrainField, number>;

/** Form text → parameters, or the first problem as a message naming the field. */
export function parseTrainForm(input: Record<TrainField, string>): { ok: true; params: TrainParams } | { ok: false; error: string } {
  const params = {} as TrainParams;
  for (const f of TRAIN_FIELDS) {
    const text = input[f.name].trim();
    const v = Number(text);
    if (text === "" || !Number.isFinite(v)) return { ok: false, error: `${f.label}: enter a number.` };
    if (f.integer && !Number.isInteger(v)) return { ok: false, error: `${f.label}: enter a whole number.` };
    if (v < f.min || v > f.max) return { ok: false, error: `${f.label}: must be between ${f.min} and ${f.max}.` };
    params[f.name] = v;
  }
  return { ok: true, params };
}

/** A metric of the comparison table: how to read it off a version's metrics and which way is better. */
export interface ComparedMetric {
  label: string;
  a: number | null;
  b: number | null;
  /** b - a, null when either is missing. */
  delta: number | null;
  /** Which version does better on this metric, null when equal or unknown. */
  better: "a" | "b" | null;
}

export interface MetricsLike {
  n?: number;
  rocAuc?: number | null;
  averagePrecision?: number | null;
  logLoss?: number | null;
  brierScore?: number | null;
  atThreshold?: { f1?: number; accuracy?: number } | null;
  bestF1?: { value?: number } | null;
}

const COMPARED: Array<{ label: string; get: (m: MetricsLike) => number | null | undefined; higherIsBetter: boolean }> = [
  { label: "ROC AUC", get: (m) => m.rocAuc, higherIsBetter: true },
  { label: "Average precision", get: (m) => m.averagePrecision, higherIsBetter: true },
  { label: "Log loss", get: (m) => m.logLoss, higherIsBetter: false },
  { label: "Brier score", get: (m) => m.brierScore, higherIsBetter: false },
  { label: "Accuracy at 0.5", get: (m) => m.atThreshold?.accuracy, higherIsBetter: true },
  { label: "F1 at 0.5", get: (m) => m.atThreshold?.f1, higherIsBetter: true },
  { label: "Best F1", get: (m) => m.bestF1?.value, higherIsBetter: true },
  { label: "Held-out rows", get: (m) => m.n, higherIsBetter: true },
];

function num(v: number | null | undefined): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export function compareMetrics(a: MetricsLike | null, b: MetricsLike | null): ComparedMetric[] {
  return COMPARED.map(({ label, get, higherIsBetter }) => {
    const va = a ? num(get(a)) : null;
    const vb = b ? num(get(b)) : null;
    const delta = va !== null && vb !== null ? vb - va : null;
    // Row counts are context, not quality: no winner.
    const better = delta === null || delta === 0 || label === "Held-out rows" ? null : (delta > 0) === higherIsBetter ? "b" : "a";
    return { label, a: va, b: vb, delta, better };
  });
}
