/**
 * One error type for everything SHAP refuses to explain, so callers (and the worker pool, which
 * re-raises worker failures) can tell bad input apart from bugs.
 */
export class ShapInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShapInputError";
  }
}
