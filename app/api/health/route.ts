import { createContext } from "@/graphql/context";
import { healthBody } from "@/lib/http/rest-service";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when the database and the model are fine, 503 otherwise. */
export async function GET(): Promise<Response> {
  const ctx = createContext();
  const body = await healthBody(ctx.db, ctx.served, ctx.cache);
  return Response.json(body, { status: body.status === "ok" ? 200 : 503 });
}
