import { describe, expect, it } from "vitest";
import { compareMetrics, parseTrainForm } from "@/lib/dashboard/model-versions";

const good = { num_iterations: "20", learning_rate: "0.1", num_leaves: "15", min_data_in_leaf: "20" };

describe("parseTrainForm", () => {
  it("accepts numbers in range", () => {
    expect(parseTrainForm(good)).toEqual({ ok: true, params: { num_iterations: 20, learning_rate: 0.1, num_leaves: 15, min_data_in_leaf: 20 } });
  });
  it("names the field of the first problem", () => {
    expect(parseTrainForm({ ...good, num_iterations: "2.5" })).toEqual({ ok: false, error: "Boosting iterations: enter a whole number." });
    expect(parseTrainForm({ ...good, learning_rate: "" })).toEqual({ ok: false, error: "Learning rate: enter a number." });
    expect(parseTrainForm({ ...good, num_leaves: "1" })).toEqual({ ok: false, error: "Leaves per tree: must be between 2 and 1024." });
    expect(parseTrainForm({ ...good, min_data_in_leaf: "abc" })).toMatchObject({ ok: false });
  });
});

describe("compareMetrics", () => {
  it("gives differences and the better version per metric", () => {
    const rows = compareMetrics({ rocAuc: 0.7, logLoss: 0.5, n: 600 }, { rocAuc: 0.75, logLoss: 0.55, n: 600 });
    const auc = rows.find((r) => r.label === "ROC AUC");
    expect(auc?.delta).toBeCloseTo(0.05, 12);
    expect(auc?.better).toBe("b");
    expect(rows.find((r) => r.label === "Log loss")?.better).toBe("a");
    expect(rows.find((r) => r.label === "Held-out rows")).toMatchObject({ delta: 0, better: null });
    expect(rows.find((r) => r.label === "Brier score")).toMatchObject({ a: null, b: null, delta: null, better: null });
    expect(compareMetrics(null, { rocAuc: 0.8 })[0]).toMatchObject({ a: null, b: 0.8, better: null });
  });
});
