import { startServerAndCreateNextHandler } from "@as-integrations/next";
import type { NextRequest } from "next/server";
import { createContext } from "@/graphql/context";
import { createApolloServer } from "@/graphql/server";

const handler = startServerAndCreateNextHandler<NextRequest, ReturnType<typeof createContext>>(createApolloServer(), {
  context: async () => createContext(),
});

export async function GET(req: NextRequest): Promise<Response> {
  return handler(req);
}

export async function POST(req: NextRequest): Promise<Response> {
  return handler(req);
}
