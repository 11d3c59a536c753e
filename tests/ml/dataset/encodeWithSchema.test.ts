import { describe, expect, it } from "vitest";
import { type TableSchema, encodeWithSchema, loadScoringTable, loadTrainingTable, unseenCategoryCode } from "@/lib/ml/dataset";
import { FIXTURES, naiveCsv, rejection, row } from "./helpers";

const SCHEMA: TableSchema = {
  label: "y",
  features: [
    { name: "age", kind: "numeric" },
    { name: "city", kind: "categorical", categories: ["Lyon", "Nice", "Paris"] },
    { name: "site", kind: "categorical", categories: ["0", "1", "2"] },
  ],
};

function encodeError(rows: Parameters<typeof encodeWithSchema>[0], schema: TableSchema = SCHEMA) {
  return rejection(Promise.resolve().then(() => encodeWithSchema(rows, schema)));
}

describe("encodeWithSchema", () => {
  it("encodes numbers, known categories and missing values in schema order", () => {
    const e = encodeWithSchema(
      [
        { city: "Paris", age: 40, site: "2", extra: "ignored" },
        { age: "51.5", city: "Lyon", site: 1 },
        { age: null, city: "", site: undefined },
        { age: Number.NaN, city: null, site: Number.NaN },
      ],
      SCHEMA,
    );
    expect(e.rowCount).toBe(4);
    expect(e.featureCount).toBe(3);
    expect(row(e, 0)).toEqual([40, 2, 2]);
    expect(row(e, 1)).toEqual([51.5, 0, 1]);
    expect(row(e, 2)).toEqual([NaN, NaN, NaN]);
    expect(row(e, 3)).toEqual([NaN, NaN, NaN]);
    expect(e.unseen).toEqual([]);
  });

  it("gives unseen categories the code after the last known one and reports them", () => {
    const e = encodeWithSchema(
      [
        { age: 1, city: "Lille", site: 7 },
        { age: 2, city: "Nice", site: "0" },
        { age: 3, city: "Lille", site: "9" },
        { age: 4, city: "Brest", site: "1" },
      ],
      SCHEMA,
    );
    const cityCode = unseenCategoryCode({ name: "city", kind: "categorical", categories: ["Lyon", "Nice", "Paris"] });
    expect(cityCode).toBe(3);
    expect(Array.from({ length: 4 }, (_, i) => row(e, i)[1])).toEqual([3, 1, 3, 3]);
    expect(Array.from({ length: 4 }, (_, i) => row(e, i)[2])).toEqual([3, 0, 3, 1]);
    expect(e.unseen).toEqual([
      { column: "city", rows: 3, examples: ["Lille", "Brest"] },
      { column: "site", rows: 2, examples: ["7", "9"] },
    ]);
  });

  it("rejects values of the wrong type, naming row and column", async () => {
    const text = await encodeError([{ age: 3, city: "Nice", site: 0 }, { age: "old", city: "Nice", site: 0 }]);
    expect(text.code).toBe("WRONG_TYPE");
    expect(text.message).toBe('row 2, column "age": expected a number, got string "old"');
    expect(text).toMatchObject({ row: 2, column: "age" });
    const bool = await encodeError([{ age: true, city: "Nice", site: 0 }]);
    expect(bool.message).toBe('row 1, column "age": expected a number, got boolean true');
    const inf = await encodeError([{ age: Number.POSITIVE_INFINITY, city: "Nice", site: 0 }]);
    expect(inf.message).toBe('row 1, column "age": expected a number, got number Infinity');
    const cat = await encodeError([{ age: 1, city: false, site: 0 }]);
    expect(cat.message).toBe('row 1, column "city": expected a category (string), got boolean false');
  });

  it("rejects a row lacking a schema column altogether", async () => {
    const e = await encodeError([{ age: 1, site: 0 }]);
    expect(e.code).toBe("MISSING_FEATURE_COLUMN");
    expect(e.message).toBe('row 1 has no column "city" (use null for a missing value)');
  });

  it("rejects an inconsistent schema", async () => {
    const e = await encodeError([], { label: "y", features: [{ name: "c", kind: "categorical", categories: ["a", "a"] }] });
    expect(e.code).toBe("INVALID_SCHEMA");
    expect(e.message).toBe('schema lists category "a" twice for feature "c"');
  });

  it("encodes training rows exactly as training did, with a schema that went through JSON", async () => {
    const text = "y,age,city,site\n1,34,Paris,2\n0,,Lyon,0\n1,29,Paris,1\n0,40,Nice,";
    const t = await loadTrainingTable({ text }, { label: "y", categorical: ["site"] });
    const schema = JSON.parse(JSON.stringify(t.schema)) as TableSchema;
    const rows = text.split("\n").slice(1).map((l) => {
      const [, age, city, site] = l.split(",");
      return { age, city, site };
    });
    expect(encodeWithSchema(rows, schema).features).toEqual(t.features);
  });
});

describe("loadScoringTable", () => {
  it("encodes the LightGBM test file with the schema learned on the training file", async () => {
    const train = await loadTrainingTable({ path: `${FIXTURES}train.csv` }, { label: "churned", categorical: ["site", "phase"] });
    const s = await loadScoringTable({ path: `${FIXTURES}test.csv` }, train.schema, { withLabels: true });
    const { rows } = naiveCsv("test.csv");
    expect(s.rowCount).toBe(1000);
    const expected = new Float64Array(1000 * 8);
    rows.forEach((fields, i) => fields.slice(1).forEach((v, j) => (expected[i * 8 + j] = v === "" ? NaN : Number(v))));
    expect(s.features).toEqual(expected);
    expect(s.labels?.reduce((a, b) => a + b, 0)).toBe(473);
    expect(s.unseen).toEqual([]);
    expect(s.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches columns by name, ignores extra ones, and leaves labels out unless asked", async () => {
    const s = await loadScoringTable({ text: "note,site,city,age\nhi,1,Nice,3\n,,Rome,\n" }, SCHEMA);
    expect(s.labels).toBeNull();
    expect(row(s, 0)).toEqual([3, 1, 1]);
    expect(row(s, 1)).toEqual([NaN, 3, NaN]);
    expect(s.unseen).toEqual([{ column: "city", rows: 1, examples: ["Rome"] }]);
  });

  it("names missing columns, wrong values and ragged rows", async () => {
    const missing = await rejection(loadScoringTable({ text: "age,town\n1,Nice" }, SCHEMA));
    expect(missing.code).toBe("MISSING_FEATURE_COLUMN");
    expect(missing.message).toBe('the file lacks model feature column(s) "city", "site"; available columns: "age", "town"');
    const noLabel = await rejection(loadScoringTable({ text: "age,city,site\n1,Nice,0" }, SCHEMA, { withLabels: true }));
    expect(noLabel.message).toBe('label column "y" not found; available columns: "age", "city", "site"');
    const wrong = await rejection(loadScoringTable({ text: "age,city,site\n1,Nice,0\nold,Nice,0" }, SCHEMA));
    expect(wrong.message).toBe('row 2 (line 3), column "age": expected a number, got string "old"');
    const ragged = await rejection(loadScoringTable({ text: "age,city,site\n1,Nice" }, SCHEMA));
    expect(ragged.message).toBe("row 1 (line 2) has 2 fields but the header has 3");
    const empty = await rejection(loadScoringTable({ text: "age,city,site\n" }, SCHEMA));
    expect(empty.code).toBe("NO_DATA_ROWS");
  });
});
