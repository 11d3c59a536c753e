import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

/**
 * Executes operations with graphql-jit, which compiles each distinct document once into plain
 * functions for variable coercion, resolver calls and result completion. graphql-js interprets the
 * schema on every request: coercing the variables of a 10,000-participant `predictBatch` alone
 * takes it about 170 ms on this hardware, graphql-jit about 17 ms.
 *
 * graphql-js still runs where its exact behaviour matters more than speed: introspection (the
 * Sandbox), and any request whose variables fail coercion, so clients get graphql-js's standard
 * messages (naming the variable and the path inside it) and Apollo answers them with
 * BAD_USER_INPUT and status 400.
 */

type Compiled = CompiledQuery | null;

function isIntrospection(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === "__schema" || s.name.value === "__type"));
}

export function createJitExecutor(schema: GraphQLSchema): GatewayExecutor {
  // Apollo hands back the same DocumentNode for the same query text (its parsed-document cache).
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    const key = operationName ?? "";
    if (!byName.has(key)) {
      const result = compileQuery(schema, document, operationName ?? undefined);
      byName.set(key, isCompiledQuery(result) ? result : null);
    }
    return byName.get(key) ?? null;
  };

  const standard = (rc: GatewayGraphQLRequestContext) =>
    execute({ schema, document: rc.document, contextValue: rc.context, variableValues: rc.request.variables, operationName: rc.operationName }) as Promise<ExecutionResult> | ExecutionResult;

  return async (rc) => {
    if (rc.operation.operation !== "query" && rc.operation.operation !== "mutation") return standard(rc);
    if (isIntrospection(rc.operation)) return standard(rc);
    const query = compiledFor(rc.document, rc.operationName);
    if (!query) return standard(rc);
    const result = await query.query(undefined, rc.context, rc.request.variables ?? {});
    // No data at all means the variables were rejected before any resolver ran.
    if (result.errors?.length && !("data" in result && result.data !== undefined)) return standard(rc);
    return result;
  };
}

/**
 * Apollo Server's hook for a custom executor is its gateway interface: a fixed schema, loaded once,
 * with the executor above.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    async load() {
      return { executor: createJitExecutor(schema) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}
