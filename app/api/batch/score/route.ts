import { withAccess } from "../../route-access";
import { HttpError } from "@/lib/http/json-route";
import { readCsvBody } from "@/lib/dashboard/batch-request";
import { BatchUnavailableError, BatchValidationError, scoreBatchCsv } from "@/lib/dashboard/batch-score";
import type { BatchErrorBody } from "@/lib/dashboard/batch-types";

/**
 * POST a participants CSV (content-type text/csv): 200 with the scores, probability, tier,
 * lifetime value and top factors per row; 400 with the problems by line and column when any row
 * is invalid (then nothing is scored); 413 when the file is too large; 503 without a served
 * model. Nothing is written to the participant table.
 */
export async function POST(req: Request): Promise<Response> {
  return withAccess(req, "predict", async (ctx) => {
  try {
    const text = await readCsvBody(req);
    const result = await scoreBatchCsv(ctx, text);
    await ctx.auditRead({ action: "predictions.compute", detail: { count: result.rows.length, via: "batch upload" } });
    return Response.json(result);
  } catch (err) {
    if (err instanceof BatchValidationError) {
      const body: BatchErrorBody = { error: err.message, errorCount: err.errorCount, errors: err.errors };
      return Response.json(body, { status: 400 });
    }
    if (err instanceof HttpError) return Response.json({ error: err.message }, { status: err.status });
    if (err instanceof BatchUnavailableError) return Response.json({ error: err.message }, { status: 503 });
    console.error(err);
    return Response.json({ error: "The file could not be scored because of an internal error; see the server log." }, { status: 500 });
  }
  });
}
