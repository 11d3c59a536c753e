import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditWriter, auditJson, recordAudit } from "@/lib/audit/audit-trail";
import { auditEventsCsv, queryAuditEvents } from "@/lib/audit/audit-query";
import { createTempDb, type TempDb } from "../helpers/temp-db";
import fs from "node:fs";
import path from "node:path";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { importParticipants, ImportValidationError } from "@/lib/data/import/import-participants";
import { testPrincipal } from "../helpers/principals";

let db: TempDb;
beforeAll(async () => {
  db = await createTempDb();
});
afterAll(() => db.cleanup());

describe("audit trail", () => {
  it("is append-only in the database itself: updates and deletes are refused", async () => {
    await recordAudit(db.prisma, testPrincipal("admin"), { action: "model.promote", target: "v1", before: { served: null }, after: { served: "v1" } });
    const [row] = await db.prisma.auditEvent.findMany({ where: { target: "v1" } });
    expect(row).toMatchObject({ actor: "user:test-admin", role: "admin", action: "model.promote", before: { served: null }, after: { served: "v1" } });
    // SQLite's trigger aborts with a constraint error, which Prisma reports as a constraint violation.
    const refused = /append-only|constraint/i;
    await expect(db.prisma.auditEvent.update({ where: { id: row.id }, data: { actor: "someone else" } })).rejects.toThrow(refused);
    await expect(db.prisma.auditEvent.deleteMany({})).rejects.toThrow(refused);
    await expect(db.prisma.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(refused);
    expect((await db.prisma.auditEvent.findUniqueOrThrow({ where: { id: row.id } })).actor).toBe("user:test-admin");
    expect(await db.prisma.auditEvent.count({ where: { target: "v1" } })).toBe(1);
  });

  it("writes the reads of concurrent requests together and resolves each once committed", async () => {
    const writer = new AuditWriter(db.prisma);
    const before = await db.prisma.auditEvent.count();
    await Promise.all(Array.from({ length: 25 }, (_, i) => writer.record(testPrincipal("viewer"), { action: "participant.read", target: `P${i}`, requestId: `r${i}` })));
    expect(await db.prisma.auditEvent.count()).toBe(before + 25);
    const row = await db.prisma.auditEvent.findFirst({ where: { target: "P7" } });
    expect(row).toMatchObject({ actor: "user:test-viewer", role: "viewer", requestId: "r7" });
  });

  it("fails the reads whose record could not be written", async () => {
    const broken = new AuditWriter({ auditEvent: { createMany: () => Promise.reject(new Error("disk full")) } } as never);
    await expect(broken.record(testPrincipal(), { action: "participant.read", target: "P1" })).rejects.toThrow("disk full");
  });

  it("pages newest first with filters and exports CSV safe for spreadsheets", async () => {
    await recordAudit(db.prisma, { actor: "user:=cmd()", role: null }, { action: "auth.sign_in_failed", target: "=cmd()", detail: auditJson({ reason: 'a "quoted", value' }) });
    const page = await queryAuditEvents(db.prisma, { action: "participant.read" }, 10, 0);
    expect(page.totalCount).toBe(25);
    expect(page.events).toHaveLength(10);
    expect(page.events.map((e) => e.id)).toEqual([...page.events.map((e) => e.id)].sort((a, b) => b - a));
    expect(page.hasNextPage).toBe(true);
    let csv = "";
    for await (const chunk of auditEventsCsv(db.prisma, { action: "auth.sign_in_failed" }, 2)) csv += chunk;
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("id,at,actor,role,action,target,requestId,before,after,detail");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"user:=cmd()"`);
    expect(lines[1]).toContain(`"'=cmd()"`);
    expect(lines[1]).toContain(`"{""reason"":""a \\""quoted\\"", value""}"`);
    await expect(queryAuditEvents(db.prisma, {}, 5000, 0)).rejects.toThrow(/first must be between 0 and 1000/);
  });

  it("records an import in the transaction that writes it, and nothing for a refused file", async () => {
    const file = path.join(db.dir, "audit-import.csv");
    await writeParticipantsCsv({ rows: 30, seed: 5 }, file);
    const csv = fs.readFileSync(file, "utf8");
    const lines = csv.split("\n");
    // The same file with one row cut short: refused as a whole.
    const bad = [...lines.slice(0, 5), lines[5].split(",").slice(0, 4).join(","), ...lines.slice(6)].join("\n");
    const who = { who: testPrincipal("analyst"), requestId: "import-1" };
    await expect(importParticipants(db, { text: bad }, undefined, who)).rejects.toThrow(ImportValidationError);
    expect(await db.prisma.auditEvent.count({ where: { requestId: "import-1" } })).toBe(0);
    const result = await importParticipants(db, { text: csv }, undefined, who);
    expect(result.imported).toBe(30);
    const events = await db.prisma.auditEvent.findMany({ where: { requestId: "import-1" } });
    expect(events.map((e) => ({ action: e.action, actor: e.actor, target: e.target, detail: e.detail }))).toEqual([{ action: "participants.import", actor: "user:test-analyst", target: "upload", detail: { rows: 30 } }]);
  });
});
