import { auditEventsCsv } from "@/lib/audit/audit-query";
import { auditFilterOf, parseAuditParams } from "@/lib/audit/audit-params";
import { auditJson, recordAudit } from "@/lib/audit/audit-trail";
import { withAccess } from "../../route-access";

/** GET the audit events matching the page's filters as CSV (admins); the export itself is recorded. */
export async function GET(req: Request): Promise<Response> {
  return withAccess(req, "audit:read", async (ctx) => {
    const { view, problems } = parseAuditParams(Object.fromEntries(new URL(req.url).searchParams));
    if (problems.length > 0) return Response.json({ error: problems.join("; ") }, { status: 400 });
    const filter = auditFilterOf(view);
    if (ctx.principal) await recordAudit(ctx.db.prisma, ctx.principal, { action: "audit.export", requestId: ctx.requestId, detail: auditJson(filter) });
    const rows = auditEventsCsv(ctx.db.prisma, filter);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(new TextEncoder().encode(next.value));
      },
    });
    const name = `audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(body, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" } });
  });
}
