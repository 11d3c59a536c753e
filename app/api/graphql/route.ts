import { startServerAndCreateNextHandler } from "@as-integrations/next";
import type { NextRequest } from "next/server";
import { authenticatedContext } from "@/graphql/context";
import { requestHeadersOf } from "@/lib/auth/authenticate";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { getPrisma } from "@/lib/db/client";
import { maxGraphQLBodyBytes } from "@/graphql/http-handler";
import { createApolloServer } from "@/graphql/server";

/*
 * The production server (scripts/serve.ts) answers /api/graphql before Next.js sees it; this route
 * serves the same Apollo Server when the app runs under plain `next dev` or `next start`.
 */
const handler = startServerAndCreateNextHandler<NextRequest, Awaited<ReturnType<typeof authenticatedContext>>>(createApolloServer(), {
  context: async (req) => authenticatedContext({ url: resolveDatabaseUrl(), prisma: getPrisma() }, req.method, requestHeadersOf(req.headers)),
});

function tooLarge(req: NextRequest): Response | null {
  const limit = maxGraphQLBodyBytes();
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared <= limit) return null;
  return Response.json({ errors: [{ message: `request body too large: ${declared} bytes, the limit is ${limit}`, extensions: { code: "PAYLOAD_TOO_LARGE" } }] }, { status: 413 });
}

export async function GET(req: NextRequest): Promise<Response> {
  return handler(req);
}

export async function POST(req: NextRequest): Promise<Response> {
  return tooLarge(req) ?? handler(req);
}
