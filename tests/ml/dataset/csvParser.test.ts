import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CsvParser, DatasetError, parseCsv, streamCsv } from "@/lib/ml/dataset";

interface Parsed {
  records: string[][];
  lines: number[];
}

function parse(text: string): Parsed {
  const records: string[][] = [];
  const lines: number[] = [];
  parseCsv(text, (fields, record, line) => {
    expect(record).toBe(records.length + 1);
    records.push(fields.slice());
    lines.push(line);
  });
  return { records, lines };
}

/** Feeds `text` in pieces of `size` characters, to exercise every chunk boundary. */
function parseInChunks(text: string, size: number): Parsed {
  const records: string[][] = [];
  const lines: number[] = [];
  const parser = new CsvParser((fields, _record, line) => {
    records.push(fields.slice());
    lines.push(line);
  });
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  parser.end();
  return { records, lines };
}

function syntaxError(text: string): DatasetError {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error("expected a CSV syntax error");
}

describe("CSV parsing", () => {
  it("splits plain records on LF", () => {
    expect(parse("a,b,c\n1,2,3\n").records).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
  });

  it("accepts CRLF, lone CR and a missing final line break", () => {
    expect(parse("a,b\r\n1,2\r\n3,4").records).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
    expect(parse("a,b\r1,2\r").records).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("keeps empty fields, including leading, trailing and quoted-empty ones, as empty strings", () => {
    expect(parse(',a,,b,\n"",x,"",,\n').records).toEqual([
      ["", "a", "", "b", ""],
      ["", "x", "", "", ""],
    ]);
  });

  it("handles quoted fields with commas, escaped quotes, CRLF and LF inside", () => {
    const text = 'id,note\n1,"Smith, John"\n2,"said ""hi"""\n3,"two\r\nlines"\n4,"x\ny"\n';
    expect(parse(text).records).toEqual([
      ["id", "note"],
      ["1", "Smith, John"],
      ["2", 'said "hi"'],
      ["3", "two\r\nlines"],
      ["4", "x\ny"],
    ]);
  });

  it("reports the line each record starts on, counting line breaks inside quotes", () => {
    // Record 3 spans lines 3-4, so record 4 starts on line 5; the blank line 6 is skipped.
    const { lines } = parse('h\n1\n"a\nb"\n2\n\n3\n');
    expect(lines).toEqual([1, 2, 3, 5, 7]);
  });

  it("skips blank lines and a leading byte-order mark", () => {
    expect(parse("\uFEFFa,b\n\n1,2\r\n\r\n").records).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("does not trim spaces", () => {
    expect(parse(" a , b \n").records).toEqual([[" a ", " b "]]);
  });

  it("gives the same result whatever the chunk boundaries", () => {
    const text = '\uFEFFa,"b ""q"", c",d\r\n1,,"x\r\ny"\r\n"",2,3\r"4",5,""""\n\n6,7,8';
    const whole = parse(text);
    expect(whole.records).toHaveLength(5);
    for (let size = 1; size <= text.length; size++) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it("rejects an unterminated quoted field, naming the line it opened on", () => {
    const e = syntaxError('a,b\n1,"open\nstill open\n');
    expect(e.code).toBe("CSV_SYNTAX");
    expect(e.message).toBe("CSV syntax error: quoted field opened on line 2 is never closed");
    expect(e.line).toBe(2);
  });

  it("rejects a quote inside an unquoted field", () => {
    const e = syntaxError('a,b\n1,2\n3,ab"c\n');
    expect(e.message).toMatch(/^CSV syntax error on line 3: a double quote inside an unquoted field/);
  });

  it("rejects text after a closing quote", () => {
    const e = syntaxError('a,b\n"x"y,2\n');
    expect(e.message).toMatch(/^CSV syntax error on line 2: unexpected text after a closing quote/);
  });
});

describe("streamCsv", () => {
  it("streams a file larger than one chunk, decoding multi-byte characters split across chunks, and hashes it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retain-csv-"));
    const path = join(dir, "wide.csv");
    // ~1.6 MB of 2- and 3-byte characters: chunk boundaries (1 MiB) fall inside characters.
    const rows = ["name,city"];
    for (let i = 0; i < 40_000; i++) rows.push(`é${i}ü,"Zürich, ${i}€"`);
    const text = rows.join("\n");
    writeFileSync(path, text);
    expect(statSync(path).size).toBeGreaterThan(1 << 20);

    let count = 0;
    let last: string[] = [];
    const fingerprint = await streamCsv({ path }, (fields) => {
      count++;
      last = fields.slice();
    });
    expect(count).toBe(40_001);
    expect(last).toEqual(["é39999ü", "Zürich, 39999€"]);
    const fromText = await streamCsv({ text }, () => {});
    expect(fingerprint).toBe(fromText);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    rmSync(dir, { recursive: true });
  });
});
