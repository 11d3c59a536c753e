import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLUMNS, CSV_HEADER, type ColumnSpec } from "@/lib/data/columns";
import {
  escapeCsvField,
  formatCsvCell,
  formatCsvLine,
  formatParticipantCsvLine,
  participantCsvHeader,
} from "@/lib/data/csv-writer";
import {
  DAYS_PER_MONTH,
  DEFAULT_SEED,
  EDIARY_MISSING_RATE,
  MAX_CONSECUTIVE_MISSES,
  SATISFACTION_MISSING_RATE,
  TARGET_CHURN_RATE,
  churnCovariateEffects,
  generateParticipantChunk,
  generateParticipants,
  generateParticipantsWithTruth,
  getCatalog,
  parseIsoDay,
  writeParticipantsCsv,
  type GeneratedParticipant,
  type ParticipantRecord,
} from "@/lib/data/generator";
import { CliUsageError, parseGenerateArgs } from "@/lib/data/generator/cli-options";

const ROWS = 20_000;
const SEED = DEFAULT_SEED;

let tmp: string;
let generated: GeneratedParticipant[];
let records: ParticipantRecord[];

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), "retain-generator-"));
  generated = [...generateParticipantsWithTruth({ rows: ROWS, seed: SEED })];
  records = generated.map((g) => g.record);
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

// ---- small statistics helpers -------------------------------------------------------------

type Row = ParticipantRecord;

function churnRate(rows: readonly Row[]): number {
  expect(rows.length).toBeGreaterThan(200); // a rate on a handful of rows would make the checks below meaningless
  return rows.filter((r) => r.churned).length / rows.length;
}

function logOdds(p: number): number {
  return Math.log(p / (1 - p));
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function missingShare(rows: readonly Row[], field: "satisfactionScore" | "ediaryCompliance"): number {
  return rows.filter((r) => r[field] === null).length / rows.length;
}

/** Why a value breaks its column spec, or "" when it fits. */
function cellProblem(col: ColumnSpec, v: ParticipantRecord[keyof ParticipantRecord]): string {
  if (v === null) return col.nullable ? "" : "null in a non-nullable column";
  switch (col.kind) {
    case "int":
    case "float":
      if (typeof v !== "number" || !Number.isFinite(v)) return `not a finite number: ${String(v)}`;
      if (col.kind === "int" && !Number.isInteger(v)) return `not an integer: ${v}`;
      if (col.min !== undefined && v < col.min) return `${v} below ${col.min}`;
      if (col.max !== undefined && v > col.max) return `${v} above ${col.max}`;
      return "";
    case "bool":
      return typeof v === "boolean" ? "" : `not a boolean: ${String(v)}`;
    case "date":
      try {
        parseIsoDay(String(v));
        return "";
      } catch {
        return `not a date: ${String(v)}`;
      }
    case "category":
      return typeof v === "string" && (!col.values || col.values.includes(v)) ? "" : `not an allowed category: ${String(v)}`;
    case "id":
      return typeof v === "string" && /^P\d{7}$/.test(v) ? "" : `bad id ${String(v)}`;
  }
}

function daysEnrolled(r: Row): number {
  return parseIsoDay(r.snapshotDate) - parseIsoDay(r.enrollmentDate);
}

// ---- determinism and file format ----------------------------------------------------------

describe("CSV output", () => {
  it("is byte-identical for the same seed and differs for another seed", async () => {
    const a = path.join(tmp, "a.csv");
    const b = path.join(tmp, "b.csv");
    const c = path.join(tmp, "c.csv");
    await writeParticipantsCsv({ rows: 3000, seed: 7 }, a);
    await writeParticipantsCsv({ rows: 3000, seed: 7 }, b);
    await writeParticipantsCsv({ rows: 3000, seed: 8 }, c);
    const bytesA = readFileSync(a);
    expect(bytesA.equals(readFileSync(b))).toBe(true);
    expect(bytesA.equals(readFileSync(c))).toBe(false);
    // Not just a different header or first row: most rows differ.
    const linesA = bytesA.toString("utf8").split("\n");
    const linesC = readFileSync(c, "utf8").split("\n");
    const same = linesA.slice(1).filter((line, i) => line !== "" && line === linesC[i + 1]).length;
    expect(same).toBe(0);
  });

  it("has the columns.ts header, \\n line endings, one line per row and the summary it reports", async () => {
    const out = path.join(tmp, "nested", "dir", "format.csv");
    const summary = await writeParticipantsCsv({ rows: 2500, seed: 11 }, out);
    const text = readFileSync(out, "utf8");
    expect(text.includes("\r")).toBe(false);
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.slice(0, -1).split("\n");
    expect(lines[0]).toBe(CSV_HEADER.join(","));
    expect(lines).toHaveLength(2501);
    for (const line of lines) expect(line.split(",")).toHaveLength(COLUMNS.length);
    expect(summary.rows).toBe(2500);
    expect(summary.bytes).toBe(Buffer.byteLength(text));
    const churned = lines.slice(1).filter((l) => l.endsWith(",1")).length;
    expect(summary.churnedRows).toBe(churned);
    expect(summary.churnRate).toBeCloseTo(churned / 2500, 12);
    expect(existsSync(`${out}.partial-${process.pid}`)).toBe(false);
  });

  it("writes exactly what the library yields, and reads back to the same values", () => {
    const sample = records.slice(0, 400);
    for (const record of sample) {
      const fields = formatParticipantCsvLine(record).slice(0, -1).split(",");
      COLUMNS.forEach((col, i) => {
        const value = record[col.field as keyof ParticipantRecord];
        const text = fields[i];
        if (value === null) expect(text).toBe("");
        else if (typeof value === "boolean") expect(text).toBe(value ? "1" : "0");
        else if (typeof value === "number") expect(Number(text)).toBe(value);
        else expect(text).toBe(value);
      });
    }
  });

  it("formats numbers with a fixed number of decimals per column", () => {
    const line = formatParticipantCsvLine(records.find((r) => r.bmi !== null && r.satisfactionScore !== null)!);
    const fields = line.slice(0, -1).split(",");
    const at = (csv: string) => fields[CSV_HEADER.indexOf(csv)];
    expect(at("bmi")).toMatch(/^\d+\.\d$/);
    expect(at("months_enrolled")).toMatch(/^\d+\.\d{2}$/);
    expect(at("ediary_compliance")).toMatch(/^[01]\.\d{3}$/);
    expect(at("replacement_cost_usd")).toMatch(/^\d+\.\d{2}$/);
    expect(at("age")).toMatch(/^\d+$/);
    expect(at("enrollment_date")).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("removes the partial file and rejects bad options before touching the disk", async () => {
    const out = path.join(tmp, "never.csv");
    await expect(writeParticipantsCsv({ rows: -1, seed: 1 }, out)).rejects.toThrow(RangeError);
    await expect(writeParticipantsCsv({ rows: 10, seed: 1.5 }, out)).rejects.toThrow(/seed/);
    expect(existsSync(out)).toBe(false);
    // A path whose parent is a file cannot be created.
    const blocker = path.join(tmp, "blocker");
    writeFileSync(blocker, "x");
    await expect(writeParticipantsCsv({ rows: 10, seed: 1 }, path.join(blocker, "x.csv"))).rejects.toThrow();
    // The final rename fails when the target is a non-empty directory: the partial file goes too.
    const taken = path.join(tmp, "taken");
    mkdirSync(path.join(taken, "inside"), { recursive: true });
    await expect(writeParticipantsCsv({ rows: 10, seed: 1 }, taken)).rejects.toThrow();
    expect(readdirSync(tmp).filter((f) => f.includes(".partial-"))).toEqual([]);
  });

  it("reports progress up to the full row count", async () => {
    const seen: number[] = [];
    await writeParticipantsCsv({ rows: 4500, seed: 3 }, path.join(tmp, "progress.csv"), (done, total) => {
      expect(total).toBe(4500);
      seen.push(done);
    });
    expect(seen).toEqual([2000, 4000, 4500]);
  });
});

describe("library API", () => {
  it("yields records whose keys are the columns.ts fields, in order", () => {
    expect(Object.keys(records[0])).toEqual(COLUMNS.map((c) => c.field));
  });

  it("makes row i depend only on (seed, i): prefixes and chunks match the full run", () => {
    const full = [...generateParticipants({ rows: 600, seed: 5 })];
    const prefix = [...generateParticipants({ rows: 250, seed: 5 })];
    expect(prefix).toEqual(full.slice(0, 250));
    expect(generateParticipantChunk({ rows: 600, seed: 5 }, 300, 100)).toEqual(full.slice(300, 400));
    expect(() => generateParticipantChunk({ rows: 600, seed: 5 }, 550, 100)).toThrow(RangeError);
  });

  it("withholds the requested share of labels without changing any other value", () => {
    const labelled = [...generateParticipants({ rows: 3000, seed: 9 })];
    const partly = [...generateParticipants({ rows: 3000, seed: 9, unlabeledShare: 0.3 })];
    const hidden = partly.filter((r) => r.churned === null).length / partly.length;
    expect(hidden).toBeGreaterThan(0.26);
    expect(hidden).toBeLessThan(0.34);
    partly.forEach((r, i) => {
      expect({ ...r, churned: null }).toEqual({ ...labelled[i], churned: null });
      if (r.churned !== null) expect(r.churned).toBe(labelled[i].churned);
    });
  });
});

// ---- values, bounds, consistency ----------------------------------------------------------

describe("value domains", () => {
  it("keeps every value within its columns.ts kind, bounds and categories", () => {
    // Problems are collected and compared once: an expect() per cell would take seconds.
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const r of records) {
      ids.add(r.id);
      for (const col of COLUMNS) {
        const problem = cellProblem(col, r[col.field as keyof ParticipantRecord]);
        if (problem) problems.push(`${r.id} ${col.csv}: ${problem}`);
      }
      if (!/^STU-0[0-4]\d$/.test(r.studyId)) problems.push(`${r.id} study_id ${r.studyId}`);
      if (!/^SITE-[0-6]\d$/.test(r.siteId)) problems.push(`${r.id} site_id ${r.siteId}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(ids.size).toBe(records.length);
  });

  it("detects out-of-domain values (guards the check above)", () => {
    const col = (csv: string) => COLUMNS.find((c) => c.csv === csv)!;
    expect(cellProblem(col("age"), 17)).toMatch(/below/);
    expect(cellProblem(col("age"), 40.5)).toMatch(/integer/);
    expect(cellProblem(col("phase"), "V")).toMatch(/category/);
    expect(cellProblem(col("sex"), null)).toMatch(/null/);
    expect(cellProblem(col("enrollment_date"), "2025-02-30")).toMatch(/date/);
    expect(cellProblem(col("bmi"), null)).toBe("");
  });

  it("builds 40 studies and 60 sites; every site runs studies of its own region", () => {
    const catalog = getCatalog(SEED);
    expect(catalog.studies).toHaveLength(40);
    expect(catalog.sites).toHaveLength(60);
    const running = new Set<string>();
    for (const p of catalog.placements) {
      expect(p.sites.length).toBeGreaterThan(0);
      for (const s of p.sites) {
        expect(p.regions).toContain(s.region);
        running.add(s.id);
      }
    }
    expect(running.size).toBe(60);
    const placementOf = new Map(catalog.placements.map((p) => [p.study.id, p]));
    const misplaced = records.filter((r) => !placementOf.get(r.studyId)!.sites.some((s) => s.id === r.siteId));
    expect(misplaced).toEqual([]);
    expect(new Set(records.map((r) => r.studyId)).size).toBe(40);
  });

  it("keeps study-level attributes constant within a study and replacement cost near 19,500 USD", () => {
    const byStudy = new Map<string, Row>();
    const key = (r: Row) => [r.therapeuticArea, r.phase, r.plannedDurationMonths, r.visitValueUsd, r.replacementCostUsd].join("|");
    const varying = records.filter((r) => {
      const first = byStudy.get(r.studyId) ?? r;
      byStudy.set(r.studyId, first);
      return key(r) !== key(first);
    });
    expect(varying).toEqual([]);
    const meanCost = mean(records.map((r) => r.replacementCostUsd));
    expect(meanCost).toBeGreaterThan(18_500);
    expect(meanCost).toBeLessThan(20_500);
  });

  it("keeps dates, months and visits internally consistent", () => {
    const catalog = getCatalog(SEED);
    const studyOf = new Map(catalog.studies.map((s) => [s.id, s]));
    const first = parseIsoDay("2025-01-01");
    const last = parseIsoDay("2026-12-31");
    const problems: string[] = [];
    const check = (ok: boolean, r: Row, what: string) => {
      if (!ok) problems.push(`${r.id}: ${what}`);
    };
    for (const r of records) {
      const days = daysEnrolled(r);
      const study = studyOf.get(r.studyId)!;
      const snapshot = parseIsoDay(r.snapshotDate);
      check(days > 0, r, "snapshot after enrolment");
      check(snapshot >= first && snapshot <= last, r, "snapshot in 2025-2026");
      // snapshot = enrolment + months enrolled (months reported to 2 decimals).
      check(Math.abs(days / DAYS_PER_MONTH - r.monthsEnrolled) <= 0.005 + 1e-9, r, "months match the dates");
      check(r.monthsEnrolled < r.plannedDurationMonths, r, "months < planned");
      // Visits: baseline always attended; completed + missed = visits due under the schedule.
      const due = Math.floor(days / study.visitIntervalDays) + 1;
      check(r.visitsCompleted >= 1, r, "baseline visit attended");
      check(r.visitsCompleted + r.visitsMissed === due, r, "completed + missed = due");
      check(r.visitsCompleted + r.visitsMissed + r.remainingVisits === study.totalVisits, r, "+ remaining = protocol");
      check(r.daysSinceLastVisit <= days, r, "last visit not before enrolment");
      if (r.visitsCompleted === due) check(r.daysSinceLastVisit <= study.visitIntervalDays + 3, r, "no gap without a miss");
      const longestGap = (MAX_CONSECUTIVE_MISSES + 1) * study.visitIntervalDays + 3;
      check(r.daysSinceLastVisit <= longestGap, r, "no longer silence than lost-to-follow-up allows");
      if (r.seriousAdverseEvent) check(r.adverseEvents > 0, r, "serious AE implies an AE");
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // Remaining visits track the time left in the protocol.
    const left = records.map((r) => r.plannedDurationMonths - r.monthsEnrolled);
    expect(correlation(left, records.map((r) => r.remainingVisits))).toBeGreaterThan(0.5);
  });

  it("spreads snapshot dates over both 2025 and 2026", () => {
    const in2025 = records.filter((r) => r.snapshotDate.startsWith("2025")).length / records.length;
    expect(in2025).toBeGreaterThan(0.45);
    expect(in2025).toBeLessThan(0.55);
  });
});

// ---- marginals and correlations -------------------------------------------------------------

describe("realism", () => {
  it("relates age, comorbidities, employment and caregivers plausibly", () => {
    expect(correlation(records.map((r) => r.age), records.map((r) => r.comorbidities))).toBeGreaterThan(0.3);
    const ageOf = (status: string) => mean(records.filter((r) => r.employmentStatus === status).map((r) => r.age));
    expect(ageOf("retired")).toBeGreaterThan(ageOf("employed") + 15);
    expect(ageOf("student")).toBeLessThan(30);
    const caregiverRate = (rows: Row[]) => rows.filter((r) => r.hasCaregiver).length / rows.length;
    expect(caregiverRate(records.filter((r) => r.age >= 65))).toBeGreaterThan(2 * caregiverRate(records.filter((r) => r.age < 45)));
    expect(caregiverRate(records.filter((r) => r.comorbidities >= 4))).toBeGreaterThan(caregiverRate(records.filter((r) => r.comorbidities === 0)));
  });

  it("makes oncology and cardiology participants older than immunology ones", () => {
    const ageIn = (area: string) => mean(records.filter((r) => r.therapeuticArea === area).map((r) => r.age));
    expect(ageIn("oncology")).toBeGreaterThan(ageIn("immunology") + 10);
    expect(ageIn("cardiology")).toBeGreaterThan(ageIn("immunology") + 10);
  });

  it("gives phase I short, small studies and phase III/IV long ones", () => {
    const of = (phase: string) => records.filter((r) => r.phase === phase);
    expect(mean(of("I").map((r) => r.plannedDurationMonths))).toBeLessThan(mean(of("III").map((r) => r.plannedDurationMonths)) / 2);
    expect(mean(of("IV").map((r) => r.plannedDurationMonths))).toBeGreaterThan(mean(of("II").map((r) => r.plannedDurationMonths)));
    expect(of("I").length).toBeLessThan(of("III").length / 10);
  });

  it("draws more adverse events per month in oncology, early phases and on treatment", () => {
    const perMonth = (rows: Row[]) => mean(rows.map((r) => r.adverseEvents)) / mean(rows.map((r) => r.monthsEnrolled));
    const nonEarly = records.filter((r) => r.phase === "III" || r.phase === "IV");
    expect(perMonth(nonEarly.filter((r) => r.therapeuticArea === "oncology"))).toBeGreaterThan(
      2 * perMonth(nonEarly.filter((r) => r.therapeuticArea === "metabolic")),
    );
    expect(perMonth(records.filter((r) => r.arm === "treatment"))).toBeGreaterThan(perMonth(records.filter((r) => r.arm === "placebo")));
  });

  it("has a right-skewed (log-normal) distance to site", () => {
    const d = records.map((r) => r.distanceToSiteKm);
    const median = quantile(d, 0.5);
    expect(median).toBeGreaterThan(8);
    expect(median).toBeLessThan(35);
    expect(mean(d)).toBeGreaterThan(median * 1.15);
    const logs = d.map(Math.log);
    expect(Math.abs(mean(logs) - Math.log(median))).toBeLessThan(0.1);
  });
});

// ---- label model ------------------------------------------------------------------------------

describe("churn label", () => {
  it("has a churn rate between 20% and 30%, calibrated to the target", () => {
    const rate = churnRate(records);
    expect(rate).toBeGreaterThanOrEqual(0.2);
    expect(rate).toBeLessThanOrEqual(0.3);
    expect(Math.abs(rate - TARGET_CHURN_RATE)).toBeLessThan(0.02);
  });

  it("keeps the rate near the target for other seeds too", () => {
    for (const seed of [1, 2]) {
      const rate = churnRate([...generateParticipants({ rows: 8000, seed })]);
      expect(rate).toBeGreaterThanOrEqual(0.22);
      expect(rate).toBeLessThanOrEqual(0.28);
    }
  });

  it("is drawn from the documented logit", () => {
    for (const { record, truth } of generated.slice(0, 2000)) {
      const covariates = churnCovariateEffects(record, truth.satisfactionScore, truth.ediaryCompliance);
      expect(covariates).toBeCloseTo(truth.covariateEffects, 12);
      expect(truth.logit).toBeCloseTo(truth.intercept + covariates + truth.studyEffect + truth.siteEffect + truth.noise, 12);
      expect(truth.churned).toBe(record.churned);
    }
    // Labels follow the probabilities: top decile churns far more than the bottom one.
    const byProb = [...generated].sort((a, b) => a.truth.churnProbability - b.truth.churnProbability);
    const tenth = Math.floor(byProb.length / 10);
    const rateOf = (xs: GeneratedParticipant[]) => churnRate(xs.map((x) => x.record));
    expect(rateOf(byProb.slice(-tenth))).toBeGreaterThan(0.6);
    expect(rateOf(byProb.slice(0, tenth))).toBeLessThan(0.06);
  });

  it("blanks satisfaction and e-diary more often for participants who withdraw", () => {
    const churned = records.filter((r) => r.churned);
    const retained = records.filter((r) => r.churned === false);
    const bands = [
      ["satisfactionScore", SATISFACTION_MISSING_RATE],
      ["ediaryCompliance", EDIARY_MISSING_RATE],
    ] as const;
    for (const [field, expected] of bands) {
      const c = missingShare(churned, field);
      const r = missingShare(retained, field);
      expect(c).toBeGreaterThan(r + 0.08);
      expect(Math.abs(c - expected.churned)).toBeLessThan(0.03);
      expect(Math.abs(r - expected.retained)).toBeLessThan(0.015);
    }
    const bmiMissing = records.filter((r) => r.bmi === null).length / records.length;
    expect(bmiMissing).toBeGreaterThan(0.03);
    expect(bmiMissing).toBeLessThan(0.07);
  });

  it("carries the distance x compensation interaction: distance hurts much less when well paid", () => {
    const comp = records.map((r) => r.compensationPerVisitUsd);
    const dist = records.map((r) => r.distanceToSiteKm);
    const [c30, c70, d25, d75] = [quantile(comp, 0.3), quantile(comp, 0.7), quantile(dist, 0.25), quantile(dist, 0.75)];
    const distanceGap = (rows: Row[]) => {
      const far = churnRate(rows.filter((r) => r.distanceToSiteKm >= d75));
      const near = churnRate(rows.filter((r) => r.distanceToSiteKm <= d25));
      return { rate: far - near, logOdds: logOdds(far) - logOdds(near) };
    };
    const low = distanceGap(records.filter((r) => r.compensationPerVisitUsd <= c30));
    const high = distanceGap(records.filter((r) => r.compensationPerVisitUsd >= c70));
    expect(high.rate).toBeGreaterThan(0); // distance still matters a little
    expect(low.rate - high.rate).toBeGreaterThan(0.1);
    expect(low.logOdds - high.logOdds).toBeGreaterThan(0.3);
  });

  it("carries the adverse events x phase interaction: AEs hurt much more in phase I/II", () => {
    const aeGap = (rows: Row[]) => {
      const many = churnRate(rows.filter((r) => r.adverseEvents >= 2));
      const none = churnRate(rows.filter((r) => r.adverseEvents === 0));
      return { rate: many - none, logOdds: logOdds(many) - logOdds(none) };
    };
    const early = aeGap(records.filter((r) => r.phase === "I" || r.phase === "II"));
    const late = aeGap(records.filter((r) => r.phase === "III" || r.phase === "IV"));
    expect(early.rate - late.rate).toBeGreaterThan(0.06);
    expect(early.logOdds - late.logOdds).toBeGreaterThan(0.45);
  });

  it("links the other documented drivers to churn in the documented direction", () => {
    const median = (f: (r: Row) => number) => quantile(records.map(f), 0.5);
    const missedRatio = (r: Row) => r.visitsMissed / (r.visitsMissed + r.visitsCompleted);
    const mr = median(missedRatio);
    expect(churnRate(records.filter((r) => missedRatio(r) > mr))).toBeGreaterThan(churnRate(records.filter((r) => missedRatio(r) <= mr)) + 0.05);
    const sat = records.filter((r) => r.satisfactionScore !== null);
    expect(churnRate(sat.filter((r) => r.satisfactionScore! < 6))).toBeGreaterThan(churnRate(sat.filter((r) => r.satisfactionScore! >= 8)) + 0.05);
    expect(churnRate(records.filter((r) => r.hasCaregiver))).toBeLessThan(churnRate(records.filter((r) => !r.hasCaregiver)));
  });
});

// ---- CSV writer and CLI flags ---------------------------------------------------------------

describe("csv-writer", () => {
  it("quotes fields with commas, quotes or line breaks and doubles inner quotes", () => {
    expect(escapeCsvField("plain")).toBe("plain");
    expect(escapeCsvField("a,b")).toBe('"a,b"');
    expect(escapeCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvField("two\nlines")).toBe('"two\nlines"');
    expect(escapeCsvField("cr\rhere")).toBe('"cr\rhere"');
    expect(escapeCsvField("")).toBe("");
  });

  it("formats cells: empty for missing, 1/0, fixed decimals, UTC dates; rejects non-finite numbers", () => {
    expect(formatCsvCell(null)).toBe("");
    expect(formatCsvCell(undefined)).toBe("");
    expect(formatCsvCell(true)).toBe("1");
    expect(formatCsvCell(false)).toBe("0");
    expect(formatCsvCell(2.5, 2)).toBe("2.50");
    expect(formatCsvCell(7, 0)).toBe("7");
    expect(formatCsvCell(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatCsvCell(new Date("2025-03-04T00:00:00Z"))).toBe("2025-03-04");
    expect(() => formatCsvCell(Number.NaN, 2)).toThrow(RangeError);
    expect(() => formatCsvCell(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it("builds whole lines and the header", () => {
    expect(formatCsvLine(["x,y", 1.234, null, true], [undefined, 1])).toBe('"x,y",1.2,,1\n');
    expect(participantCsvHeader()).toBe(`${CSV_HEADER.join(",")}\n`);
  });

  it("formats rows that hold Date objects (database rows) like generated ones", () => {
    const record = records[0];
    const dbRow = {
      ...record,
      enrollmentDate: new Date(`${record.enrollmentDate}T00:00:00Z`),
      snapshotDate: new Date(`${record.snapshotDate}T00:00:00Z`),
    };
    expect(formatParticipantCsvLine(dbRow)).toBe(formatParticipantCsvLine(record));
  });
});

describe("data:generate flags", () => {
  it("uses the documented defaults", () => {
    expect(parseGenerateArgs([])).toEqual({
      rows: 20_000,
      seed: DEFAULT_SEED,
      out: "data/raw/clinical_data.csv",
      unlabeledShare: 0,
      help: false,
    });
  });

  it("accepts both --flag value and --flag=value", () => {
    const o = parseGenerateArgs(["--rows", "1_000", "--seed=42", "--out", "x/y.csv", "--unlabeled-share=0.25"]);
    expect(o).toMatchObject({ rows: 1000, seed: 42, out: "x/y.csv", unlabeledShare: 0.25 });
  });

  it.each([
    [["--rows", "abc"], /--rows must be a whole number/],
    [["--rows", "-5"], /--rows must be a whole number/],
    [["--rows=0"], /--rows/],
    [["--rows", "1.5"], /--rows/],
    [["--rows", "999999999999"], /--rows/],
    [["--seed", "-1"], /--seed/],
    [["--rows"], /--rows needs a value/],
    [["--rows", "--seed", "3"], /--rows needs a value/],
    [["--bogus", "1"], /unknown option --bogus/],
    [["stray"], /unexpected argument/],
    [["--rows", "5", "--rows", "6"], /more than once/],
    [["--unlabeled-share", "1.5"], /between 0 and 1/],
    [["--out="], /--out/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseGenerateArgs(argv)).toThrow(CliUsageError);
    expect(() => parseGenerateArgs(argv)).toThrow(message);
  });
});
