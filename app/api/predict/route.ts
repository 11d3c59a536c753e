import { createContext } from "@/graphql/context";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { predictBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  return jsonRoute(async () => predictBody(createContext().predictor, await readJson(req)));
}
