/**
 * A malformed LightGBM text model. Carries the 1-based line and, where one applies, the field
 * name, so a user editing or debugging a model file can go straight to the offending spot.
 */
export class ModelTextError extends Error {
  readonly line: number;
  readonly field: string | undefined;

  constructor(line: number, field: string | undefined, detail: string) {
    super(`LightGBM model text, line ${line}${field === undefined ? "" : ` (${field})`}: ${detail}`);
    this.name = "ModelTextError";
    this.line = line;
    this.field = field;
  }
}
