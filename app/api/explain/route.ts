import { createContext } from "@/graphql/context";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { explainBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  const ctx = createContext();
  return jsonRoute(async () => explainBody(ctx.db, ctx.served, await readJson(req)));
}
