import { explainRow, type ParticipantExplanation } from "../ml/explain/participant-explanation";
import { ShapExplainer } from "../ml/shap";
import type { LoadedModel } from "./loaded-model";
import { InvalidParticipantInput, validateParticipants } from "./validate-participant";

// The SHAP structure of a model is built once per loaded version, not per request.
const explainers = new WeakMap<LoadedModel, ShapExplainer>();

export function explainerFor(model: LoadedModel): ShapExplainer {
  let e = explainers.get(model);
  if (!e) {
    e = new ShapExplainer(model.booster);
    explainers.set(model, e);
  }
  return e;
}

/** Exact SHAP explanation of participants by a model; `validate` checks inputs first (API input). */
export function explainParticipants(model: LoadedModel, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, validate: boolean): Array<ParticipantExplanation & { modelVersion: string }> {
  if (validate) {
    const problems = validateParticipants(rows, model.metadata.features);
    if (problems.length > 0) throw new InvalidParticipantInput(problems);
  }
  const nf = model.encoder.width;
  const data = model.encoder.encode(rows);
  const values = explainerFor(model).shapValues(data, rows.length, nf);
  return rows.map((_, i) => ({
    ...explainRow(model.metadata.features, values.subarray(i * (nf + 1), (i + 1) * (nf + 1)), data.subarray(i * nf, (i + 1) * nf)),
    modelVersion: model.version,
  }));
}
