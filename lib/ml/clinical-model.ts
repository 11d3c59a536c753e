import type { TrainModelRequest } from "./training/train-model";

/**
 * How the product trains its churn model on the participant table: the label, the columns that
 * are identifiers or money amounts rather than participant behaviour, and the categorical columns.
 * Booleans are numeric 0/1.
 */
export const CLINICAL_TRAINING: Pick<TrainModelRequest, "label" | "categorical" | "ignore"> = {
  label: "churned",
  ignore: ["participant_id", "enrollment_date", "snapshot_date", "visit_value_usd", "replacement_cost_usd"],
  categorical: ["study_id", "site_id", "therapeutic_area", "phase", "arm", "sex", "employment_status"],
};

/** Parameters of the model `npm start` trains when none exists (the benchmark's configuration). */
export const CLINICAL_DEFAULT_PARAMS = {
  objective: "binary",
  num_iterations: 200,
  learning_rate: 0.05,
  num_leaves: 31,
  min_data_in_leaf: 40,
  feature_fraction: 0.9,
  bagging_fraction: 0.8,
  bagging_freq: 1,
  lambda_l2: 1,
  seed: 42,
} as const;
