import type { Prisma, PrismaClient } from "../db/client";
import { actorOf, type Principal } from "../auth/principal";

/**
 * The append-only audit trail (AuditEvent). Changes are recorded in the transaction that makes
 * them (`recordAudit(tx, …)`), so a change and its record commit or fail together; reads of
 * participant-level data are recorded before the data is returned (AuditWriter).
 */

export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "participant.read",
  "participants.list",
  "participants.export",
  "participants.import",
  "participants.score",
  "predictions.compute",
  "explanations.compute",
  "interventions.plan",
  "model.train",
  "model.promote",
  "model.import",
  "cache.clear",
  "user.create",
  "user.update",
  "key.create",
  "key.revoke",
  "audit.export",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  /** What was acted on: a participant id, a model version, a key prefix, a file name… */
  target?: string | null;
  requestId?: string | null;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  detail?: Prisma.InputJsonValue;
}

/** Who did it: a principal, or a name for attempts that never became one (failed sign-ins). */
export type AuditActor = Principal | { actor: string; role: null };

type AuditClient = Pick<PrismaClient, "auditEvent">;

/** Any plain value as JSON for the trail (undefined fields dropped, dates as ISO strings). */
export function auditJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null) ?? "null") as Prisma.InputJsonValue;
}

/** Who acts and under which request, handed to the domain functions that record their changes. */
export interface AuditContext {
  who: AuditActor;
  requestId?: string | null;
}

function row(who: AuditActor, e: AuditEntry): Prisma.AuditEventCreateManyInput {
  const actor = "actor" in who ? who.actor : actorOf(who);
  const role = "actor" in who ? null : who.role;
  return {
    at: new Date(),
    actor,
    role,
    action: e.action,
    target: e.target ?? null,
    requestId: e.requestId ?? null,
    ...(e.before !== undefined ? { before: e.before } : {}),
    ...(e.after !== undefined ? { after: e.after } : {}),
    ...(e.detail !== undefined ? { detail: e.detail } : {}),
  };
}

/** Writes one event with the given client: pass the transaction client of the change it records. */
export async function recordAudit(client: AuditClient, who: AuditActor, entry: AuditEntry): Promise<void> {
  await client.auditEvent.create({ data: row(who, entry) });
}

/** Columns and values of one event for a bulk writer's transaction (JSON as text). */
export const AUDIT_INSERT_COLUMNS = ["at", "actor", "role", "action", "target", "requestId", "before", "after", "detail"] as const;
export function auditInsertValues(audit: AuditContext, entry: Omit<AuditEntry, "requestId">): Array<string | Date | null> {
  const r = row(audit.who, { ...entry, requestId: audit.requestId ?? null });
  const text = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  return [r.at as Date, r.actor, r.role ?? null, r.action, r.target ?? null, r.requestId ?? null, text(r.before), text(r.after), text(r.detail)];
}

/** The insert of one event, for array transactions ($transaction([change, auditCreate(…)])). */
export function auditCreate(client: AuditClient, audit: AuditContext, entry: Omit<AuditEntry, "requestId">) {
  return client.auditEvent.create({ data: row(audit.who, { ...entry, requestId: audit.requestId ?? null }) });
}

/**
 * Records reads before their data leaves: `record()` resolves once its event is committed. Events
 * of concurrent requests are written together in one statement, so auditing every read costs a
 * shared insert per event-loop turn rather than one transaction per request.
 */
export class AuditWriter {
  private queue: Array<{ data: Prisma.AuditEventCreateManyInput; resolve: () => void; reject: (err: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly prisma: AuditClient,
    private readonly maxBatch = 500,
  ) {}

  record(who: AuditActor, entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ data: row(who, entry), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        await this.prisma.auditEvent.createMany({ data: batch.map((b) => b.data) });
        for (const b of batch) b.resolve();
      } catch (err) {
        // No trace, no data: the reads waiting on this batch fail rather than go unrecorded.
        for (const b of batch) b.reject(err);
      }
    }
  }
}

/** One writer per database handle in the process. */
const holder = globalThis as unknown as { __retainAuditWriters?: WeakMap<object, AuditWriter> };
export function auditWriterFor(prisma: AuditClient): AuditWriter {
  const writers = (holder.__retainAuditWriters ??= new WeakMap());
  let writer = writers.get(prisma);
  if (!writer) {
    writer = new AuditWriter(prisma);
    writers.set(prisma, writer);
  }
  return writer;
}
