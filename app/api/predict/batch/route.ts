import { createContext } from "@/graphql/context";
import { jsonRoute, readJson } from "@/lib/http/json-route";
import { predictBatchBody } from "@/lib/http/rest-service";

export async function POST(req: Request): Promise<Response> {
  return jsonRoute(async () => predictBatchBody(createContext().predictor, await readJson(req)));
}
