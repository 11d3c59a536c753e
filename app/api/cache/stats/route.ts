import { withAccess } from "../../route-access";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  return withAccess(req, "aggregates:read", async (ctx) => Response.json(await ctx.cache.refreshStats()));
}
