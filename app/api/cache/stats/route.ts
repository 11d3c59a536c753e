import { createContext } from "@/graphql/context";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  return Response.json(await createContext().cache.refreshStats());
}
