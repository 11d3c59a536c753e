import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { AuditContext } from "../lib/audit/audit-trail";
import type { Principal } from "../lib/auth/principal";
import { can, type Permission } from "../lib/auth/roles";
import type { GraphQLContext } from "./context";
import type { Resolvers } from "./generated/resolvers-types";

/**
 * The permission each root field needs ("signed-in" needs only a valid caller). Every Query and
 * Mutation field must be listed: guardResolvers refuses a field without an entry, and a test
 * checks the list against the schema.
 */
export const ROOT_FIELD_PERMISSIONS = {
  "Query.me": "signed-in",
  "Query.health": "aggregates:read",
  "Query.cacheStats": "aggregates:read",
  "Query.modelVersions": "aggregates:read",
  "Query.servedModel": "aggregates:read",
  "Query.riskSummary": "aggregates:read",
  "Query.drift": "aggregates:read",
  "Query.patient": "participants:read",
  "Query.patients": "participants:read",
  "Query.predict": "predict",
  "Query.predictBatch": "predict",
  "Query.explain": "predict",
  "Query.planInterventions": "interventions:plan",
  "Query.apiKeys": "keys:manage",
  "Query.users": "users:manage",
  "Query.auditEvents": "audit:read",
  "Mutation.importPatients": "participants:import",
  "Mutation.scorePatients": "participants:score",
  "Mutation.trainModel": "model:train",
  "Mutation.promoteModel": "model:promote",
  "Mutation.clearCache": "cache:clear",
  "Mutation.createApiKey": "keys:manage",
  "Mutation.revokeApiKey": "keys:manage",
  "Mutation.createUser": "users:manage",
} as const satisfies Record<string, Permission | "signed-in">;

export function unauthenticated(message = "sign in, or send an API key as Authorization: Bearer <token>"): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="retain"']]) } } });
}

function forbidden(field: string, permission: Permission, role: string): GraphQLError {
  return new GraphQLError(`${field} needs the ${permission} permission, which the ${role} role does not have`, { extensions: { code: "FORBIDDEN", permission } });
}

/** Checks the caller against a root field's permission; throws UNAUTHENTICATED or FORBIDDEN. */
export function checkAccess(ctx: Pick<GraphQLContext, "principal">, field: string): void {
  const needed = (ROOT_FIELD_PERMISSIONS as Record<string, Permission | "signed-in">)[field];
  if (!needed) throw new GraphQLError(`${field} has no access rule`, { extensions: { code: "FORBIDDEN" } });
  if (!ctx.principal) throw unauthenticated();
  if (needed !== "signed-in" && !can(ctx.principal.role, needed)) throw forbidden(field, needed, ctx.principal.role);
}

type AnyResolver = (parent: unknown, args: unknown, ctx: GraphQLContext, info: GraphQLResolveInfo) => unknown;

/** Every Query and Mutation resolver, preceded by its access check. */
export function guardResolvers(resolvers: Resolvers): Resolvers {
  const guarded: Record<string, unknown> = { ...resolvers };
  for (const type of ["Query", "Mutation"] as const) {
    const fields = resolvers[type] as Record<string, AnyResolver> | undefined;
    if (!fields) continue;
    const wrapped: Record<string, AnyResolver> = {};
    for (const [name, resolve] of Object.entries(fields)) {
      const key = `${type}.${name}`;
      if (!(key in ROOT_FIELD_PERMISSIONS)) throw new Error(`${key} has no entry in ROOT_FIELD_PERMISSIONS`);
      wrapped[name] = (parent, args, ctx, info) => {
        checkAccess(ctx, key);
        return resolve(parent, args, ctx, info);
      };
    }
    guarded[type] = wrapped;
  }
  return guarded as Resolvers;
}

/** The caller of a guarded resolver (the guard has already refused anonymous calls). */
export function principalOf(ctx: Pick<GraphQLContext, "principal">): Principal {
  if (!ctx.principal) throw new Error("resolver reached without a caller");
  return ctx.principal;
}

export function auditOf(ctx: Pick<GraphQLContext, "principal" | "requestId">): AuditContext {
  return { who: principalOf(ctx), requestId: ctx.requestId };
}
