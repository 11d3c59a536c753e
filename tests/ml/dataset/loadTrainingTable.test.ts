import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTrainingTable } from "@/lib/ml/dataset";
import { FIXTURES, load, naiveCsv, row } from "./helpers";

const PEOPLE = [
  "y,age,city,score,pid,code",
  "1,34,Paris,0.5,P001,3",
  "0,51,Lyon,,P002,1",
  "1,,Paris,1e2,P003,10",
  "0,29,Nice,-2,P004,3",
].join("\n");

describe("column kinds", () => {
  it("detects numeric, categorical and identifier columns", async () => {
    const t = await load(PEOPLE);
    expect(t.featureNames).toEqual(["age", "city", "score", "code"]);
    expect(t.schema).toEqual({
      label: "y",
      features: [
        { name: "age", kind: "numeric" },
        { name: "city", kind: "categorical", categories: ["Lyon", "Nice", "Paris"] },
        { name: "score", kind: "numeric" },
        { name: "code", kind: "numeric" },
      ],
    });
    expect(t.ignored).toEqual([{ name: "pid", reason: "identifier" }]);
    expect(t.warnings).toEqual([
      'column "pid" looks like an identifier (every value unique and non-numeric) and was ignored; list it in "categorical" to use it as a feature',
    ]);
    expect(t.rowCount).toBe(4);
    expect(t.featureCount).toBe(4);
    expect(Array.from(t.labels)).toEqual([1, 0, 1, 0]);
    expect(t.positives).toBe(2);
    // Paris -> 2, Lyon -> 0, Nice -> 1; empty fields -> NaN.
    expect(row(t, 0)).toEqual([34, 2, 0.5, 3]);
    expect(row(t, 1)).toEqual([51, 0, NaN, 1]);
    expect(row(t, 2)).toEqual([NaN, 2, 100, 10]);
    expect(row(t, 3)).toEqual([29, 1, -2, 3]);
  });

  it("lets explicit kinds win: integer codes as categories, an id column as a category", async () => {
    const t = await load(PEOPLE, { categorical: ["code", "pid"], ignore: ["score"] });
    expect(t.featureNames).toEqual(["age", "city", "pid", "code"]);
    expect(t.schema.features[2]).toEqual({ name: "pid", kind: "categorical", categories: ["P001", "P002", "P003", "P004"] });
    // Integer categories sort by value, not text: 1, 3, 10 (text order would be 1, 10, 3).
    expect(t.schema.features[3]).toEqual({ name: "code", kind: "categorical", categories: ["1", "3", "10"] });
    expect(Array.from({ length: 4 }, (_, i) => row(t, i)[3])).toEqual([1, 0, 2, 1]);
    expect(t.ignored).toEqual([{ name: "score", reason: "requested" }]);
    expect(t.warnings).toEqual([]);
  });

  it("treats a column with any non-numeric value as categorical, sorted by code units", async () => {
    const t = await load("y,v\n1,b\n0,10\n1,B\n0,a\n1,b\n0,2");
    expect(t.schema.features[0]).toEqual({ name: "v", kind: "categorical", categories: ["10", "2", "B", "a", "b"] });
    expect(Array.from(t.features)).toEqual([4, 0, 2, 3, 4, 1]);
  });

  it("does not accept hex, Infinity or padded numbers as numeric", async () => {
    for (const odd of ["0x1F", "Infinity", " 3", "1e999"]) {
      const t = await load(`y,v\n1,1\n0,${odd.includes(",") ? `"${odd}"` : odd}\n1,2`);
      expect(t.schema.features[0].kind).toBe("categorical");
    }
  });

  it("gives the same codes whatever the row order", async () => {
    const lines = PEOPLE.split("\n");
    const shuffled = [lines[0], lines[4], lines[2], lines[3], lines[1]].join("\n");
    const a = await load(PEOPLE);
    const b = await load(shuffled);
    expect(b.schema).toEqual(a.schema);
    expect(row(b, 0)).toEqual(row(a, 3));
    expect(row(b, 3)).toEqual(row(a, 0));
  });

  it("accepts 0/1, true/false, yes/no in any case, and numeric 1.0/0.0 as labels", async () => {
    const t = await load("y,x\ntrue,1\nFALSE,2\nYes,3\nno,4\n1.0,5\n0.0,6\n1,7\n0,8");
    expect(Array.from(t.labels)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it("warns when the label has a single class", async () => {
    const t = await load("y,x\n0,1\n0,2");
    expect(t.warnings).toContain('label "y" has a single class (every row is 0)');
  });
});

describe("constant columns", () => {
  it("drops constant and all-missing columns with a warning but keeps single-value columns with gaps", async () => {
    // k: 5 and 5.0 are the same number; gone: missing everywhere; flag: one value plus a gap.
    const t = await load("y,k,gone,flag,x\n1,5,,a,1\n0,5.0,,,2\n1,5,,a,3");
    expect(t.featureNames).toEqual(["flag", "x"]);
    expect(t.ignored).toEqual([
      { name: "k", reason: "constant" },
      { name: "gone", reason: "constant" },
    ]);
    expect(t.warnings).toEqual([
      'column "k" is constant (one value in every row) and was dropped',
      'column "gone" is constant (missing in every row) and was dropped',
    ]);
    expect(Array.from(t.features)).toEqual([0, 1, NaN, 2, 0, 3]);
  });

  it("compares categorical columns by text", async () => {
    // As a category "5" and "5.0" are different values, so the column is not constant.
    const t = await load("y,k,x\n1,5,1\n0,5.0,2", { categorical: ["k"] });
    expect(t.schema.features[0]).toEqual({ name: "k", kind: "categorical", categories: ["5", "5.0"] });
  });
});

describe("fingerprint", () => {
  it("is the SHA-256 of the file bytes, and of the UTF-8 text for text sources", async () => {
    const path = `${FIXTURES}train.csv`;
    const expected = createHash("sha256").update(readFileSync(path)).digest("hex");
    const fromFile = await loadTrainingTable({ path }, { label: "churned" });
    expect(fromFile.fingerprint).toBe(expected);
    const fromText = await loadTrainingTable({ text: readFileSync(path, "utf8") }, { label: "churned" });
    expect(fromText.fingerprint).toBe(expected);
    const text = "y,x\n1,é\n0,ü\n1,é";
    const t = await load(text);
    expect(t.fingerprint).toBe(createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex"));
  });
});

describe("the LightGBM reference training file", () => {
  it("loads with site and phase as categoricals whose codes equal LightGBM's integer codes", async () => {
    const t = await loadTrainingTable({ path: `${FIXTURES}train.csv` }, { label: "churned", categorical: ["site", "phase"] });
    const { header, rows } = naiveCsv("train.csv");
    expect(t.rowCount).toBe(4000);
    expect(t.featureNames).toEqual(header.slice(1));
    expect(t.featureNames).toEqual(["age", "distance_km", "visits_missed", "satisfaction", "adverse_events", "site", "phase", "compensation"]);
    expect(t.schema.features.map((f) => f.kind)).toEqual(["numeric", "numeric", "numeric", "numeric", "numeric", "categorical", "categorical", "numeric"]);
    expect(t.schema.features[5]).toEqual({ name: "site", kind: "categorical", categories: Array.from({ length: 15 }, (_, i) => String(i)) });
    expect(t.schema.features[6]).toEqual({ name: "phase", kind: "categorical", categories: ["0", "1", "2", "3"] });
    expect(t.ignored).toEqual([]);
    expect(t.warnings).toEqual([]);

    // Every cell against an independent split-on-comma reading; site/phase codes equal their integers.
    const expected = new Float64Array(4000 * 8);
    rows.forEach((fields, i) => fields.slice(1).forEach((v, j) => (expected[i * 8 + j] = v === "" ? NaN : Number(v))));
    expect(t.features).toEqual(expected);
    expect(Array.from(t.labels)).toEqual(rows.map((r) => Number(r[0])));

    const missing = (j: number): number => Array.from({ length: 4000 }, (_, i) => t.features[i * 8 + j]).filter(Number.isNaN).length;
    expect(missing(1)).toBe(295); // distance_km
    expect(missing(3)).toBe(444); // satisfaction
  });
});

describe("large files", () => {
  it("streams a 1,000,000-row file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retain-big-"));
    const path = join(dir, "big.csv");
    const parts: string[] = ["id,y,a,b,c"];
    for (let i = 0; i < 1_000_000; i++) {
      parts.push(`P${i},${i % 3 === 0 ? "yes" : "no"},${i % 97},${i % 5 === 0 ? "" : (i * 0.25).toString()},${i % 4 === 0 ? "x" : "z"}`);
    }
    writeFileSync(path, parts.join("\r\n"));
    parts.length = 0;
    try {
      const t = await loadTrainingTable({ path }, { label: "y" });
      expect(t.rowCount).toBe(1_000_000);
      expect(t.featureNames).toEqual(["a", "b", "c"]);
      expect(t.ignored).toEqual([{ name: "id", reason: "identifier" }]);
      expect(t.positives).toBe(333_334);
      expect(row(t, 999_999)).toEqual([999_999 % 97, 999_999 * 0.25, 1]);
      expect(row(t, 999_995)).toEqual([999_995 % 97, NaN, 1]);
      expect(row(t, 4)).toEqual([4, 1, 0]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
