import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import type { GraphQLContext } from "./context";
import { LIMITS, queryLimitsRule } from "./limits";
import { resolvers } from "./resolvers";

export function loadTypeDefs(): string {
  return fs.readFileSync(path.join(process.cwd(), "graphql", "schema.graphql"), "utf8");
}

/** Introspection is on outside production and configurable with GRAPHQL_INTROSPECTION. */
function introspectionEnabled(): boolean {
  const flag = process.env.GRAPHQL_INTROSPECTION?.trim().toLowerCase();
  if (flag === "true" || flag === "1") return true;
  if (flag === "false" || flag === "0") return false;
  return process.env.NODE_ENV !== "production";
}

export function createApolloServer(): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    typeDefs: loadTypeDefs(),
    resolvers,
    introspection: introspectionEnabled(),
    validationRules: [queryLimitsRule],
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // No stack traces in responses outside development.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
  });
}
