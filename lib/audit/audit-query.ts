import type { Prisma, PrismaClient } from "../db/client";

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  target?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export interface AuditEventRow {
  id: number;
  at: Date;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  requestId: string | null;
  before: Prisma.JsonValue | null;
  after: Prisma.JsonValue | null;
  detail: Prisma.JsonValue | null;
}

export const MAX_AUDIT_PAGE = 1000;

export class AuditQueryError extends Error {}

export function auditWhere(f: AuditFilter = {}): Prisma.AuditEventWhereInput {
  if (f.from && f.to && f.from > f.to) throw new AuditQueryError("filter: from must not be after to");
  return {
    ...(f.actor ? { actor: f.actor } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.target ? { target: f.target } : {}),
    ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) } } : {}),
  };
}

/** A page of events, newest first. */
export async function queryAuditEvents(prisma: PrismaClient, filter: AuditFilter = {}, first = 100, offset = 0): Promise<{ totalCount: number; events: AuditEventRow[]; hasNextPage: boolean }> {
  if (!Number.isInteger(first) || first < 0 || first > MAX_AUDIT_PAGE) throw new AuditQueryError(`first must be between 0 and ${MAX_AUDIT_PAGE}, got ${first}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new AuditQueryError(`offset must be a whole number of at least 0, got ${offset}`);
  const where = auditWhere(filter);
  const [totalCount, events] = await Promise.all([prisma.auditEvent.count({ where }), prisma.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: offset, take: first })]);
  return { totalCount, events, hasNextPage: offset + events.length < totalCount };
}

const CSV_COLUMNS = ["id", "at", "actor", "role", "action", "target", "requestId", "before", "after", "detail"] as const;

function csvCell(v: unknown): string {
  const text = v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
  // Quote always; double inner quotes; a leading formula character is neutralised for spreadsheets.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The matching events as CSV, oldest first, read in pages so memory stays flat. */
export async function* auditEventsCsv(prisma: PrismaClient, filter: AuditFilter = {}, pageSize = 5000): AsyncGenerator<string> {
  const where = auditWhere(filter);
  yield CSV_COLUMNS.join(",") + "\n";
  let after = 0;
  for (;;) {
    const rows = await prisma.auditEvent.findMany({ where: { AND: [where, { id: { gt: after } }] }, orderBy: { id: "asc" }, take: pageSize });
    if (rows.length === 0) return;
    yield rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(",")).join("\n") + "\n";
    after = rows[rows.length - 1].id;
  }
}
