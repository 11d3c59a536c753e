import fs from "node:fs";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLContext } from "./context";
import { LIMITS, queryLimitsRule } from "./limits";
import { jitGateway } from "./jit-executor";
import { resolvers } from "./resolvers";

export function loadTypeDefs(): string {
  return fs.readFileSync(path.join(process.cwd(), "graphql", "schema.graphql"), "utf8");
}

/** An on/off environment switch with a default; anything but true/false/1/0 is an error. */
function envSwitch(name: string, fallback: boolean): boolean {
  const flag = process.env[name]?.trim().toLowerCase();
  if (!flag) return fallback;
  if (flag === "true" || flag === "1") return true;
  if (flag === "false" || flag === "0") return false;
  throw new Error(`${name} must be true or false, got "${process.env[name]}"`);
}

/** Introspection and the Apollo Sandbox are on outside production, switchable in production. */
const notProduction = () => process.env.NODE_ENV !== "production";
const introspectionEnabled = () => envSwitch("GRAPHQL_INTROSPECTION", notProduction());
const sandboxEnabled = () => envSwitch("GRAPHQL_SANDBOX", notProduction());

/** The executable schema: the SDL with its resolvers. */
export function createSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
}

export function createApolloServer(): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    // Compiled execution (graphql-jit) behind Apollo's parsing, validation, limits and errors.
    gateway: jitGateway(createSchema()),
    introspection: introspectionEnabled(),
    validationRules: [queryLimitsRule],
    plugins: [sandboxEnabled() ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageProductionDefault({ footer: false })],
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // No stack traces in responses outside development.
    includeStacktraceInErrorResponses: process.env.NODE_ENV === "development",
  });
}
