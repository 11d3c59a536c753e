import { withAccess } from "../../route-access";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { predictBatchBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  return withAccess(req, "predict", (ctx) =>
    jsonRoute(async () => {
      const body = await predictBatchBody(ctx.predictor, await readJson(req));
      await ctx.auditRead({ action: "predictions.compute", detail: { count: Array.isArray(body) ? body.length : null, via: "rest" } });
      return body;
    }),
  );
}
