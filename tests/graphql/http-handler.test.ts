import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { execute, GraphQLError, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphQLHttpHandler, maxGraphQLBodyBytes } from "@/graphql/http-handler";
import { createJitExecutor, jitGateway } from "@/graphql/jit-executor";

// A small schema of its own, so these tests pin the HTTP adapter and the executor, not the domain.
const schema = makeExecutableSchema({
  typeDefs: `
    input Point { x: Float!, y: Float!, label: String }
    type Norm { label: String, length: Float!, doubled: [Float!]! }
    type Query {
      norms(points: [Point!]!): [Norm!]!
      fails(code: String!): Int
      who: String
    }
    type Mutation { add(a: Int!, b: Int!): Int! }
  `,
  resolvers: {
    Query: {
      norms: (_: unknown, a: { points: Array<{ x: number; y: number; label?: string }> }) =>
        a.points.map((p) => ({ label: p.label ?? null, length: Math.hypot(p.x, p.y), doubled: [2 * p.x, 2 * p.y] })),
      fails: (_: unknown, a: { code: string }) => {
        throw new GraphQLError(`failed with ${a.code}`, { extensions: { code: a.code, field: "code" } });
      },
      who: (_: unknown, __: unknown, ctx: { user: string }) => ctx.user,
    },
    Mutation: { add: (_: unknown, args: { a: number; b: number }) => args.a + args.b },
  },
});

let server: http.Server;
let url: string;

beforeAll(async () => {
  const apollo = new ApolloServer<{ user: string }>({ gateway: jitGateway(schema) });
  const handle = createGraphQLHttpHandler(apollo, async () => ({ user: "tester" }), { maxBodyBytes: 4096 });
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function post(body: string, contentType = "application/json"): Promise<{ status: number; json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }> } }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, json: await res.json() };
}

describe("GraphQL over Node HTTP", () => {
  it("executes queries with variables and mutations and passes the context", async () => {
    const r = await post(JSON.stringify({ query: "query($p: [Point!]!) { norms(points: $p) { label length doubled } who }", variables: { p: [{ x: 3, y: 4, label: "a" }, { x: 1, y: 0 }] } }));
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual({ norms: [{ label: "a", length: 5, doubled: [6, 8] }, { label: null, length: 1, doubled: [2, 0] }], who: "tester" });
    const m = await post(JSON.stringify({ query: "mutation { add(a: 2, b: 40) }" }));
    expect(m.json.data).toEqual({ add: 42 });
  });

  it("answers a body over the limit with 413 before reading it all", async () => {
    const r = await post(JSON.stringify({ query: "{ who }", variables: { pad: "x".repeat(5000) } }));
    expect(r.status).toBe(413);
    expect(r.json.errors?.[0].message).toMatch(/too large.*4096/);
  });

  it("answers malformed JSON with 400 and a message", async () => {
    const r = await post("{ not json");
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0].message).toBe("request body is not valid JSON");
  });

  it("rejects variables that do not coerce with graphql-js's message, BAD_USER_INPUT and status 400", async () => {
    const r = await post(JSON.stringify({ query: "query($p: [Point!]!) { norms(points: $p) { length } }", variables: { p: [{ x: 1, y: 2 }, { x: "far", y: 2 }] } }));
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    // graphql-js names the variable and the path to the bad field.
    expect(r.json.errors?.[0].message).toMatch(/Variable "\$p" got invalid value "far" at "p\[1\]\.x"/);
  });

  it("keeps resolver errors' codes and extensions", async () => {
    const r = await post(JSON.stringify({ query: '{ fails(code: "BAD_USER_INPUT") }' }));
    expect(r.json.data).toEqual({ fails: null });
    expect(r.json.errors?.[0]).toMatchObject({ message: "failed with BAD_USER_INPUT", path: ["fails"], extensions: { code: "BAD_USER_INPUT", field: "code" } });
  });

  it("answers introspection through graphql-js", async () => {
    const r = await post(JSON.stringify({ query: '{ __type(name: "Point") { inputFields { name } } }' }));
    expect(r.json.data).toEqual({ __type: { inputFields: [{ name: "x" }, { name: "y" }, { name: "label" }] } });
  });

  it("reads the limit from GRAPHQL_MAX_BODY_BYTES and refuses nonsense", () => {
    expect(maxGraphQLBodyBytes({})).toBe(16 * 1024 * 1024);
    expect(maxGraphQLBodyBytes({ GRAPHQL_MAX_BODY_BYTES: "65536" })).toBe(65536);
    expect(() => maxGraphQLBodyBytes({ GRAPHQL_MAX_BODY_BYTES: "lots" })).toThrow(/GRAPHQL_MAX_BODY_BYTES/);
  });
});

describe("compiled execution", () => {
  it("gives the same result as graphql-js on many random inputs", async () => {
    const exec = createJitExecutor(schema);
    const document = parse("query($p: [Point!]!) { norms(points: $p) { label length doubled } }");
    const operation = document.definitions[0];
    if (operation.kind !== "OperationDefinition") throw new Error("unexpected document");
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 200 - 100;
    for (let round = 0; round < 20; round++) {
      const p = Array.from({ length: 1 + (round % 7) }, (_, i) => ({ x: rand(), y: rand(), ...(i % 2 ? { label: `p${i}` } : {}) }));
      const expected = await execute({ schema, document, variableValues: { p } });
      const actual = await exec({ document, operation, operationName: null, request: { variables: { p } }, context: {} } as unknown as Parameters<typeof exec>[0]);
      expect(actual).toEqual(expected);
    }
  });
});
