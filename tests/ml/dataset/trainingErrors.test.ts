import { describe, expect, it } from "vitest";
import { loadTrainingTable } from "@/lib/ml/dataset";
import { fillTable } from "@/lib/ml/dataset/fillTable";
import { planFeatures } from "@/lib/ml/dataset/planFeatures";
import { scanTable } from "@/lib/ml/dataset/scanTable";
import { load, rejection } from "./helpers";

describe("loadTrainingTable errors", () => {
  it("missing label column: lists the columns available", async () => {
    const e = await rejection(load("a,b\n1,2", { label: "churned" }));
    expect(e.code).toBe("MISSING_LABEL_COLUMN");
    expect(e.message).toBe('label column "churned" not found; available columns: "a", "b"');
    expect(e.column).toBe("churned");
  });

  it("non-binary label: shows the value, row and line", async () => {
    const e = await rejection(load("y,x\n1,a\n2,b\n0,c"));
    expect(e.code).toBe("NON_BINARY_LABEL");
    expect(e.message).toBe('label "y" has value "2" in row 2 (line 3); expected 0/1, true/false or yes/no');
    expect(e).toMatchObject({ row: 2, line: 3, column: "y" });
  });

  it("missing label value: names the row", async () => {
    const e = await rejection(load("y,x\n1,a\n0,b\n,c"));
    expect(e.code).toBe("MISSING_LABEL");
    expect(e.message).toBe('label "y" is missing in row 3 (line 4); every row needs a label');
  });

  it("empty file and header-only file", async () => {
    for (const text of ["", "\n\r\n"]) {
      const e = await rejection(load(text));
      expect(e.code).toBe("EMPTY_FILE");
      expect(e.message).toBe("the file is empty: expected a header row and data rows");
    }
    const e = await rejection(load("y,x\n"));
    expect(e.code).toBe("NO_DATA_ROWS");
    expect(e.message).toBe("the file has a header but no data rows");
  });

  it("duplicate and empty column names", async () => {
    const dup = await rejection(load("y,a,b,a,b\n1,1,2,3,4"));
    expect(dup.code).toBe("DUPLICATE_COLUMN");
    expect(dup.message).toBe('header has duplicate column names: "a" (positions 2 and 4), "b" (positions 3 and 5)');
    const empty = await rejection(load("y,,b\n1,1,2"));
    expect(empty.code).toBe("EMPTY_COLUMN_NAME");
    expect(empty.message).toBe("header has an empty column name at position 2 (1-based); every column needs a name");
  });

  it("ragged rows: row number, line, actual and expected field counts", async () => {
    const short = await rejection(load("y,a,b\n1,1,2\n0,3\n"));
    expect(short.code).toBe("RAGGED_ROW");
    expect(short.message).toBe("row 2 (line 3) has 2 fields but the header has 3");
    // A quoted line break in row 1 shifts lines: row 2 starts on line 4.
    const long = await rejection(load('y,a,b\n1,"x\ny",2\n0,3,4,5\n'));
    expect(long.message).toBe("row 2 (line 4) has 4 fields but the header has 3");
    expect(long).toMatchObject({ row: 2, line: 4 });
  });

  it("constant features: an error only when every feature is constant", async () => {
    const e = await rejection(load("y,a,b,c\n1,1,x,\n0,1,x,"));
    expect(e.code).toBe("ALL_FEATURES_CONSTANT");
    expect(e.message).toBe('every feature column is constant ("a", "b", "c"): there is nothing to learn from');
  });

  it("no feature columns at all", async () => {
    const only = await rejection(load("y\n1\n0"));
    expect(only.code).toBe("NO_FEATURES");
    expect(only.message).toBe('no feature columns: the file has no column besides the label "y"');
    const ignored = await rejection(load("y,id,a\n1,P1,3\n0,P2,4", { ignore: ["a"] }));
    expect(ignored.message).toBe('no feature columns: besides the label "y" every column is ignored ("id": identifier, "a": requested)');
  });

  it("options naming unknown columns or giving a column two roles", async () => {
    const unknown = await rejection(load("y,a\n1,2", { categorical: ["site"] }));
    expect(unknown.code).toBe("UNKNOWN_COLUMN");
    expect(unknown.message).toBe('option "categorical" names column "site", which is not in the file; available columns: "y", "a"');
    const twice = await rejection(load("y,a\n1,2", { categorical: ["a"], numeric: ["a"] }));
    expect(twice.code).toBe("CONFLICTING_OPTIONS");
    expect(twice.message).toBe('column "a" is listed in "numeric" but is also in "categorical"');
    const label = await rejection(load("y,a\n1,2", { ignore: ["y"] }));
    expect(label.message).toBe('column "y" is listed in "ignore" but is also the label');
  });

  it("a non-numeric value in a column declared numeric", async () => {
    const e = await rejection(load("y,age\n1,34\n0,n/a", { numeric: ["age"] }));
    expect(e.code).toBe("NOT_NUMERIC");
    expect(e.message).toBe('column "age" is listed as numeric but has value "n/a" in row 2 (line 3)');
    expect(e).toMatchObject({ row: 2, line: 3, column: "age" });
  });

  it("CSV syntax errors pass through with their line", async () => {
    const e = await rejection(load('y,a\n1,"open\n0,2'));
    expect(e.code).toBe("CSV_SYNTAX");
  });

  it("a file that changes between the two passes", async () => {
    const options = { label: "y" };
    const scan = await scanTable({ text: "y,a\n1,1\n0,2" }, options);
    const plan = planFeatures(scan);
    const e = await rejection(fillTable({ text: "y,a\n1,1\n0,3" }, scan, plan));
    expect(e.code).toBe("FILE_CHANGED");
    const longer = await rejection(fillTable({ text: "y,a\n1,1\n0,2\n1,3" }, scan, plan));
    expect(longer.code).toBe("FILE_CHANGED");
  });

  it("a missing file rejects with the operating system's error", async () => {
    await expect(loadTrainingTable({ path: "/nonexistent/train.csv" }, { label: "y" })).rejects.toThrow(/ENOENT/);
  });
});
