import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CSV_HEADER } from "@/lib/data/columns";
import { importParticipants, ImportValidationError } from "@/lib/data/import/import-participants";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/** A hand-written valid participant; tests change one field at a time. */
function row(id: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    participant_id: id,
    study_id: "STU-001",
    site_id: "SITE-01",
    therapeutic_area: "oncology",
    phase: "II",
    arm: "treatment",
    enrollment_date: "2025-03-01",
    snapshot_date: "2025-09-01",
    age: "61",
    sex: "female",
    bmi: "27.4",
    comorbidities: "2",
    employment_status: "retired",
    has_caregiver: "1",
    distance_to_site_km: "42.5",
    months_enrolled: "6.0",
    planned_duration_months: "18",
    visits_completed: "7",
    visits_missed: "1",
    days_since_last_visit: "12",
    adverse_events: "1",
    serious_adverse_event: "0",
    satisfaction_score: "7.5",
    ediary_compliance: "0.82",
    coordinator_contacts_per_month: "2.5",
    compensation_per_visit_usd: "120",
    remaining_visits: "14",
    visit_value_usd: "1800",
    replacement_cost_usd: "19500",
    churned: "0",
    ...overrides,
  };
}

function csv(rows: Array<Record<string, string>>, header: readonly string[] = CSV_HEADER): string {
  return [header.join(","), ...rows.map((r) => header.map((h) => r[h] ?? "").join(","))].join("\n") + "\n";
}

let db: TempDb;
beforeEach(async () => {
  db = await createTempDb();
});
afterEach(async () => {
  await db.cleanup();
});

async function rejected(text: string): Promise<ImportValidationError> {
  try {
    await importParticipants(db, { text });
  } catch (err) {
    if (err instanceof ImportValidationError) return err;
    throw err;
  }
  throw new Error("import was expected to be rejected");
}

describe("participant import", () => {
  it("imports every row with typed values, from text and from a file", async () => {
    const text = csv([row("P1"), row("P2", { bmi: "", satisfaction_score: "", ediary_compliance: "", churned: "" }), row("P3", { churned: "1" })]);
    const result = await importParticipants(db, { text });
    expect(result.imported).toBe(3);

    const p1 = await db.prisma.patient.findUniqueOrThrow({ where: { id: "P1" } });
    expect(p1).toMatchObject({
      studyId: "STU-001",
      age: 61,
      bmi: 27.4,
      hasCaregiver: true,
      seriousAdverseEvent: false,
      ediaryCompliance: 0.82,
      churned: false,
      replacementCostUsd: 19500,
    });
    expect(p1.enrollmentDate.toISOString()).toBe("2025-03-01T00:00:00.000Z");
    const p2 = await db.prisma.patient.findUniqueOrThrow({ where: { id: "P2" } });
    expect([p2.bmi, p2.satisfactionScore, p2.ediaryCompliance, p2.churned]).toEqual([null, null, null, null]);

    const file = path.join(db.dir, "more.csv");
    fs.writeFileSync(file, csv([row("P4"), row("P5")]).replace(/\n/g, "\r\n"));
    expect((await importParticipants(db, { path: file })).imported).toBe(2);
    expect(await db.prisma.patient.count()).toBe(5);
  });

  it("accepts quoted fields and columns in any order", async () => {
    const header = [...CSV_HEADER].reverse();
    const text = csv([row("P1", { study_id: '"STU-001"' })], header);
    await importParticipants(db, { text });
    expect((await db.prisma.patient.findUniqueOrThrow({ where: { id: "P1" } })).studyId).toBe("STU-001");
  });

  const badCases: Array<[string, Record<string, string>, string, RegExp]> = [
    ["a non-numeric age", { age: "sixty" }, "age", /whole number/],
    ["a fractional integer", { visits_missed: "1.5" }, "visits_missed", /whole number/],
    ["an age out of range", { age: "130" }, "age", /at most 90/],
    ["a negative distance", { distance_to_site_km: "-3" }, "distance_to_site_km", /at least 0/],
    ["compliance above 1", { ediary_compliance: "1.2" }, "ediary_compliance", /at most 1/],
    ["an unknown phase", { phase: "V" }, "phase", /one of I, II, III, IV/],
    ["an unknown therapeutic area", { therapeutic_area: "dermatology" }, "therapeutic_area", /one of/],
    ["a malformed date", { enrollment_date: "03/01/2025" }, "enrollment_date", /YYYY-MM-DD/],
    ["an impossible date", { snapshot_date: "2025-02-30" }, "snapshot_date", /calendar date/],
    ["a snapshot before enrolment", { snapshot_date: "2025-01-01" }, "snapshot_date", /not be before/],
    ["a non-boolean flag", { has_caregiver: "maybe" }, "has_caregiver", /1 or 0/],
    ["a missing required value", { site_id: "" }, "site_id", /required/],
    ["a bad label", { churned: "2" }, "churned", /1 or 0/],
    ["an infinite number", { bmi: "Infinity" }, "bmi", /number/],
  ];
  for (const [what, overrides, column, message] of badCases) {
    it(`rejects ${what}, naming line and column, and writes nothing`, async () => {
      const err = await rejected(csv([row("P1"), row("P2", overrides), row("P3")]));
      expect(err.errorCount).toBe(1);
      expect(err.errors[0]).toMatchObject({ line: 3, column });
      expect(err.errors[0].message).toMatch(message);
      expect(await db.prisma.patient.count()).toBe(0);
    });
  }

  it("rejects duplicate ids within the file and against the database", async () => {
    const dup = await rejected(csv([row("P1"), row("P2"), row("P1")]));
    expect(dup.errors[0]).toMatchObject({ line: 4, column: "participant_id" });
    expect(dup.errors[0].message).toMatch(/duplicates line 2/);

    await importParticipants(db, { text: csv([row("P9")]) });
    const clash = await rejected(csv([row("P8"), row("P9")]));
    expect(clash.errors[0]).toMatchObject({ line: 3, column: "participant_id", value: "P9" });
    expect(clash.errors[0].message).toMatch(/already exists/);
    expect(await db.prisma.patient.count()).toBe(1);
  });

  it("rejects header problems: missing, unknown and repeated columns", async () => {
    const missing = await rejected(csv([row("P1")], CSV_HEADER.filter((h) => h !== "age")));
    expect(missing.errors).toContainEqual(expect.objectContaining({ line: 1, column: "age", message: "required column is missing" }));
    const unknown = await rejected(csv([row("P1")], [...CSV_HEADER, "shoe_size"]));
    expect(unknown.errors).toContainEqual(expect.objectContaining({ column: "shoe_size", message: "unknown column" }));
    const repeated = await rejected(csv([row("P1")], [...CSV_HEADER, "age"]));
    expect(repeated.errors).toContainEqual(expect.objectContaining({ column: "age", message: "column appears more than once" }));
  });

  it("rejects ragged rows, empty files and header-only files", async () => {
    const ragged = await rejected(csv([row("P1")]) + "P2,STU-001\n");
    expect(ragged.errors[0]).toMatchObject({ line: 3, column: "(row)" });
    expect(ragged.errors[0].message).toMatch(/has 2 fields, expected 30/);
    expect((await rejected("")).errors[0].message).toMatch(/empty/);
    expect((await rejected(CSV_HEADER.join(",") + "\n")).errors[0].message).toMatch(/no data rows/);
  });

  it("rejects CSV syntax errors with their line, and writes nothing", async () => {
    const unclosed = await rejected(csv([row("P1"), row("P2", { site_id: '"SITE-01' })]));
    expect(unclosed.errors[0]).toMatchObject({ line: 3, column: "(file)" });
    expect(unclosed.errors[0].message).toMatch(/never closed/);
    expect(await db.prisma.patient.count()).toBe(0);
  });

  it("reports every bad row, not only the first, and still writes nothing", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(`P${i}`, i % 10 === 0 ? { age: "x" } : {}));
    const err = await rejected(csv(rows));
    expect(err.errorCount).toBe(5);
    expect(err.errors.map((e) => e.line)).toEqual([2, 12, 22, 32, 42]);
    expect(err.message).toMatch(/nothing was written/);
    expect(await db.prisma.patient.count()).toBe(0);
  });

  it("rolls back rows already written when the database fails half-way", async () => {
    // A trigger makes the database itself refuse row 1,200, after earlier chunks went in.
    if (db.provider === "postgresql") {
      await db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN IF NEW.id = 'P1200' THEN RAISE EXCEPTION 'disk says no'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_one BEFORE INSERT ON "Patient" FOR EACH ROW EXECUTE FUNCTION refuse_one()`);
    } else {
      const raw = new Database(db.file);
      raw.exec("CREATE TRIGGER refuse_one BEFORE INSERT ON Patient WHEN NEW.id = 'P1200' BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
      raw.close();
    }
    const rows = Array.from({ length: 1500 }, (_, i) => row(`P${i}`));
    await expect(importParticipants(db, { text: csv(rows) })).rejects.toThrow(/rolled back and nothing was written/);
    expect(await db.prisma.patient.count()).toBe(0);
  });
});
