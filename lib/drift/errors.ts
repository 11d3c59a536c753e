/**
 * Every problem with the reference, the schema or the data. `feature` and `row` (0-based) say
 * where, when they apply, so callers need not parse messages.
 */
export class DriftError extends Error {
  readonly feature: string | undefined;
  readonly row: number | undefined;

  constructor(message: string, details: { feature?: string; row?: number } = {}) {
    super(message);
    this.name = "DriftError";
    this.feature = details.feature;
    this.row = details.row;
  }
}
