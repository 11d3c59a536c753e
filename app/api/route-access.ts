import { authenticatedContext, type GraphQLContext } from "@/graphql/context";
import { requestHeadersOf } from "@/lib/auth/authenticate";
import { can, type Permission } from "@/lib/auth/roles";
import { getPrisma } from "@/lib/db/client";
import { resolveDatabaseUrl } from "@/lib/db/url";
import { GraphQLError } from "graphql";

/**
 * Runs a REST route for an authenticated caller with `permission`: 401 without valid credentials,
 * 403 for a role without the permission or a cross-site cookie request. The same checks as the
 * GraphQL endpoint (graphql/context.ts authenticatedContext).
 */
export async function withAccess(req: Request, permission: Permission, work: (ctx: GraphQLContext) => Promise<Response>): Promise<Response> {
  let ctx: GraphQLContext;
  try {
    ctx = await authenticatedContext({ url: resolveDatabaseUrl(), prisma: getPrisma() }, req.method, requestHeadersOf(req.headers));
  } catch (err) {
    if (err instanceof GraphQLError) {
      const http = err.extensions.http as { status?: number } | undefined;
      const status = http?.status ?? 401;
      return Response.json({ error: err.message }, { status, headers: status === 401 ? { "www-authenticate": 'Bearer realm="retain"' } : {} });
    }
    throw err;
  }
  const principal = ctx.principal;
  if (!principal || !can(principal.role, permission)) {
    return Response.json({ error: `this needs the ${permission} permission, which the ${principal?.role ?? "anonymous"} role does not have` }, { status: 403 });
  }
  return work(ctx);
}
