/** The output transform implied by a LightGBM objective string such as "binary sigmoid:1". */
export interface ObjectiveTransform {
  /** Objective name, the first word of the string. */
  name: string;
  /** Scale inside the logistic function: probability = 1 / (1 + exp(-sigmoid * raw)). */
  sigmoid: number;
}

/**
 * Parses the objective line. Only objectives whose scores LightGBM turns into probabilities with
 * a logistic function are accepted (binary, and cross_entropy which uses a unit sigmoid); any
 * other objective has no probability meaning here, so asking for one is an error.
 */
export function logisticTransform(objective: string): ObjectiveTransform {
  const [name, ...options] = objective.trim().split(/\s+/);
  if (name === "cross_entropy" || name === "xentropy") return { name, sigmoid: 1 };
  if (name !== "binary") {
    throw new Error(`objective "${objective}" has no logistic output transform; only binary (and cross_entropy) models give probabilities`);
  }
  let sigmoid = 1;
  for (const option of options) {
    const [key, value] = option.split(":");
    if (key === "sigmoid") {
      sigmoid = Number(value);
      if (!Number.isFinite(sigmoid) || sigmoid <= 0) throw new Error(`objective "${objective}": invalid sigmoid "${value}"`);
    }
  }
  return { name, sigmoid };
}
