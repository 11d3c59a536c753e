import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, CSV_HEADER } from "@/lib/data/columns";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { importParticipants, ImportValidationError } from "@/lib/data/import/import-participants";
import { parseParticipantsCsv } from "@/lib/dashboard/batch-parse";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/**
 * Property tests on participants CSV files: random mutations of a valid file go to the importer
 * (npm run data:import, importPatients) and to the /batch page's parser. A rejected file reports
 * problems with a line and a column and writes nothing; an accepted file imports exactly its rows;
 * the two parsers always agree on what is acceptable.
 */
const SEED = 20261205;
const DATA_ROWS = 6;
let db: TempDb;
let valid: string[][];

beforeAll(async () => {
  db = await createTempDb();
  const file = path.join(db.dir, "base.csv");
  await writeParticipantsCsv({ rows: DATA_ROWS, seed: 3 }, file);
  valid = fs
    .readFileSync(file, "utf8")
    .trimEnd()
    .split("\n")
    .map((line) => line.split(","));
  expect(valid[0]).toEqual([...CSV_HEADER]);
});
afterAll(async () => {
  await db.cleanup();
});

type Mutation =
  | { kind: "set"; line: number; col: number; value: string }
  | { kind: "drop-field"; line: number; col: number }
  | { kind: "add-field"; line: number; value: string }
  | { kind: "drop-line"; line: number }
  | { kind: "duplicate-line"; line: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "truncate"; at: number };

const nasty = fc.constantFrom("", " ", '"', '""', "a,b", "\n", "\r\n", "NaN", "Infinity", "-1", "1e999", "0x10", "2025-02-30", "１２", "é", "\u0000", "\ufeff", "true", "P1", "🙂");
const value = fc.oneof(nasty, fc.string({ maxLength: 12 }));
const width = CSV_HEADER.length;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), line: fc.nat(DATA_ROWS), col: fc.nat(width - 1), value }),
  fc.record({ kind: fc.constant("drop-field" as const), line: fc.nat(DATA_ROWS), col: fc.nat(width - 1) }),
  fc.record({ kind: fc.constant("add-field" as const), line: fc.nat(DATA_ROWS), value }),
  fc.record({ kind: fc.constant("drop-line" as const), line: fc.nat(DATA_ROWS) }),
  fc.record({ kind: fc.constant("duplicate-line" as const), line: fc.nat(DATA_ROWS) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(4000), text: fc.oneof(nasty, fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat(4000) }),
);

function apply(mutations: Mutation[]): string {
  const lines = valid.map((fields) => [...fields]);
  let text: string | null = null;
  for (const m of mutations) {
    if (text !== null && (m.kind === "insert" || m.kind === "truncate")) {
      text = m.kind === "insert" ? text.slice(0, m.at % (text.length + 1)) + m.text + text.slice(m.at % (text.length + 1)) : text.slice(0, m.at % (text.length + 1));
      continue;
    }
    const line = lines[Math.min(("line" in m ? m.line : 0), lines.length - 1)];
    if (m.kind === "set" && line) line[m.col % line.length] = m.value;
    else if (m.kind === "drop-field" && line) line.splice(m.col % line.length, 1);
    else if (m.kind === "add-field" && line) line.push(m.value);
    else if (m.kind === "drop-line") lines.splice(m.line % lines.length, 1);
    else if (m.kind === "duplicate-line" && line) lines.push([...line]);
    else if (m.kind === "insert" || m.kind === "truncate") {
      text = lines.map((l) => l.join(",")).join("\n") + "\n";
      text = m.kind === "insert" ? text.slice(0, m.at % (text.length + 1)) + m.text + text.slice(m.at % (text.length + 1)) : text.slice(0, m.at % (text.length + 1));
    }
  }
  return text ?? lines.map((l) => l.join(",")).join("\n") + "\n";
}

async function patientCount(): Promise<number> {
  return db.prisma.patient.count();
}

async function tryImport(text: string): Promise<{ imported: number } | ImportValidationError> {
  try {
    return await importParticipants(db, { text });
  } catch (err) {
    if (err instanceof ImportValidationError) return err;
    throw err;
  }
}

const KNOWN_COLUMNS = new Set<string>([...CSV_HEADER, "(file)", "(row)"]);

describe("participants CSV under random mutations", () => {
  it("rejects with line and column and writes nothing, or imports exactly; importer and batch parser agree", async () => {
    const outcomes = { rejected: 0, accepted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const text = apply(mutations);
        const lineCount = text.split(/\r\n|\n|\r/).length;
        expect(await patientCount()).toBe(0);
        const [imported, batch] = await Promise.all([tryImport(text), parseParticipantsCsv(text)]);
        if (imported instanceof ImportValidationError) {
          outcomes.rejected++;
          expect(imported.errorCount).toBeGreaterThan(0);
          expect(imported.errors.length).toBeGreaterThan(0);
          for (const e of imported.errors) {
            expect(Number.isInteger(e.line)).toBe(true);
            expect(e.line).toBeGreaterThanOrEqual(0);
            expect(e.line).toBeLessThanOrEqual(lineCount + 1);
            // A column of the file: a known one, or the unknown header name it complains about.
            expect(KNOWN_COLUMNS.has(e.column) || text.includes(e.column)).toBe(true);
            expect(e.message.length).toBeGreaterThan(5);
          }
          expect(await patientCount()).toBe(0);
          expect(batch.ok).toBe(false);
          if (!batch.ok) expect(batch.errors[0]).toEqual(imported.errors[0]);
        } else {
          outcomes.accepted++;
          expect(batch.ok).toBe(true);
          const rows = batch.ok ? batch.rows : [];
          expect(imported.imported).toBe(rows.length);
          expect(await patientCount()).toBe(rows.length);
          const ids = (await db.prisma.patient.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((p) => p.id);
          expect(ids).toEqual(rows.map((r) => String(r.id)).sort());
          await db.prisma.patient.deleteMany();
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
    // Both outcomes occurred: the mutations are neither all fatal nor all harmless.
    expect(outcomes.rejected).toBeGreaterThan(20);
    expect(outcomes.accepted).toBeGreaterThan(5);
  });

  it("names the exact line and column of a bad numeric value", async () => {
    const numeric = COLUMNS.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === "int" || c.kind === "float");
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: DATA_ROWS }), fc.constantFrom(...numeric), fc.stringMatching(/^[a-z]{1,8}$/), async (line, { c, i }, word) => {
        const text = apply([{ kind: "set", line, col: i, value: word }]);
        const result = await tryImport(text);
        expect(result).toBeInstanceOf(ImportValidationError);
        const errors = (result as ImportValidationError).errors;
        expect(errors).toContainEqual(expect.objectContaining({ line: line + 1, column: c.csv, value: word }));
        expect(await patientCount()).toBe(0);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
