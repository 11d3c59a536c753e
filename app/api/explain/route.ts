import { withAccess } from "../route-access";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { explainBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  return withAccess(req, "predict", (ctx) =>
    jsonRoute(async () => {
      const input = await readJson(req);
      const body = await explainBody(ctx.db, ctx.served, input);
      const id = input && typeof input === "object" && "patientId" in input ? String((input as { patientId: unknown }).patientId) : null;
      await ctx.auditRead({ action: "explanations.compute", target: id, detail: { via: "rest" } });
      return body;
    }),
  );
}
