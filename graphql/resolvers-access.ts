import { ApiKeyInputError, createApiKey, listApiKeys, revokeApiKey } from "../lib/auth/api-keys";
import { createUser, UserInputError } from "../lib/auth/users";
import { AuditQueryError, queryAuditEvents } from "../lib/audit/audit-query";
import type { MutationResolvers, QueryResolvers } from "./generated/resolvers-types";
import { badInput } from "./errors";
import { principalOf } from "./access";
import type { GraphQLContext } from "./context";

/** Domain input errors as BAD_USER_INPUT; anything else stays an internal error. */
async function asInput<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiKeyInputError || err instanceof UserInputError || err instanceof AuditQueryError) throw badInput(err.message);
    throw err;
  }
}

type UserRow = Awaited<ReturnType<GraphQLContext["db"]["prisma"]["user"]["findUniqueOrThrow"]>>;

/** A user as the API shows it: never the password hash. */
function userView(u: UserRow) {
  return { id: u.id, username: u.username, role: u.role, createdAt: u.createdAt, lastSignInAt: u.lastSignInAt, disabled: u.disabledAt !== null };
}

export const accessQueries: QueryResolvers = {
  me: (_, __, ctx) => {
    const p = principalOf(ctx);
    return { kind: p.kind, name: p.name, role: p.role };
  },
  apiKeys: (_, __, ctx) => listApiKeys(ctx.db.prisma),
  users: async (_, __, ctx) => {
    return (await ctx.db.prisma.user.findMany({ orderBy: { id: "asc" } })).map(userView);
  },
  auditEvents: (_, args, ctx) => asInput(() => queryAuditEvents(ctx.db.prisma, args.filter ?? {}, args.first ?? 100, args.offset ?? 0)),
};

export const accessMutations: MutationResolvers = {
  createApiKey: async (_, args, ctx) => {
    const created = await asInput(() => createApiKey(ctx.db.prisma, principalOf(ctx), { name: args.name, role: args.role }, ctx.requestId));
    const key = (await listApiKeys(ctx.db.prisma)).find((k) => k.id === created.id);
    if (!key) throw new Error(`API key ${created.prefix} vanished after creation`);
    return { key, token: created.token };
  },
  revokeApiKey: (_, args, ctx) => asInput(() => revokeApiKey(ctx.db.prisma, principalOf(ctx), args.prefix, ctx.requestId)),
  createUser: async (_, args, ctx) => {
    const created = await asInput(() => createUser(ctx.db.prisma, principalOf(ctx), { username: args.username, role: args.role, password: args.password ?? null }, ctx.requestId));
    return { user: userView(await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: created.id } })), generatedPassword: created.generatedPassword };
  },
};
