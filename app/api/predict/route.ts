import { withAccess } from "../route-access";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { predictBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  return withAccess(req, "predict", (ctx) =>
    jsonRoute(async () => {
      const body = await predictBody(ctx.predictor, await readJson(req));
      await ctx.auditRead({ action: "predictions.compute", detail: { count: 1, via: "rest" } });
      return body;
    }),
  );
}
