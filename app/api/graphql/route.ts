import { startServerAndCreateNextHandler } from "@as-integrations/next";
import type { NextRequest } from "next/server";
import { authenticatedContext } from "@/graphql/context";
import { requestHeadersOf } from "@/lib/auth/authenticate";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { getPrisma } from "@/lib/db/client";
import { maxGraphQLBodyBytes } from "@/graphql/http-handler";
import { createApolloServer } from "@/graphql/server";
import { landingPageNonce, securityHeaders } from "@/lib/http/security-headers.mjs";

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

/** The same security headers as under scripts/serve.ts: the landing page's CSP carries its nonce. */
async function withSecurityHeaders(res: Response): Promise<Response> {
  const html = res.headers.get("content-type")?.startsWith("text/html") ?? false;
  const body = html ? await res.text() : null;
  const headers = new Headers(res.headers);
  for (const [name, value] of Object.entries(securityHeaders(html ? "apollo-landing" : "api", { nonce: body === null ? null : landingPageNonce(body) }))) headers.set(name, value);
  return new Response(body ?? res.body, { status: res.status, statusText: res.statusText, headers });
}

export async function GET(req: NextRequest): Promise<Response> {
  return withSecurityHeaders(await handler(req));
}

export async function POST(req: NextRequest): Promise<Response> {
  return withSecurityHeaders(tooLarge(req) ?? (await handler(req)));
}
