import { testAccess } from "../helpers/principals";
import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIsolatedContext, type GraphQLContext } from "@/graphql/context";
import { createApolloServer } from "@/graphql/server";
import { createGraphQLHttpHandler } from "@/graphql/http-handler";
import { LIMITS } from "@/graphql/limits";
import { MAX_BATCH } from "@/graphql/resolvers-scoring";
import { TwoTierCache } from "@/lib/cache";
import { createPrisma } from "@/lib/db/client";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

/**
 * Property tests: random and malformed GraphQL requests over real HTTP to the production handler.
 * Never a 500, never a crash, always a GraphQL error with the right code, every limit holds, and
 * nothing is written by a rejected request. Seeded and bounded so the suite stays fast.
 */
const SEED = 20261204;
const BODY_LIMIT = 256 * 1024;
/** Codes a rejected request may carry; anything else (INTERNAL_SERVER_ERROR above all) fails. */
const CLIENT_ERROR_CODES = new Set(["GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT", "BAD_REQUEST", "PAYLOAD_TOO_LARGE", "OPERATION_RESOLUTION_FAILURE", "PERSISTED_QUERY_NOT_SUPPORTED", "PERSISTED_QUERY_NOT_FOUND"]);

let seeded: SeededModel;
let context: GraphQLContext;
let server: http.Server;
let endpoint: string;
let sample: Record<string, unknown>;
let unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  seeded = await createSeededModel(200, 41);
  const prisma = createPrisma(seeded.db.url);
  context = createIsolatedContext({ url: seeded.db.url, prisma }, new TwoTierCache(), null, testAccess());
  const handle = createGraphQLHttpHandler(createApolloServer(), async () => ({ ...context, loaders: createIsolatedContext({ url: seeded.db.url, prisma }, context.cache).loaders }), { maxBodyBytes: BODY_LIMIT });
  server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
  const { id: _i, churned: _c, createdAt: _a, updatedAt: _u, enrollmentDate: _e, snapshotDate: _s, ...input } = await seeded.db.prisma.patient.findFirstOrThrow();
  sample = input;
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await new Promise((resolve) => server.close(resolve));
  await context.served.close();
  await context.cache.close();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function post(body: string, contentType = "application/json"): Promise<Answer> {
  const res = await fetch(endpoint, { method: "POST", headers: { "content-type": contentType, "apollo-require-preflight": "1" }, body });
  const text = await res.text();
  let parsed: Answer["body"];
  try {
    parsed = JSON.parse(text) as Answer["body"];
  } catch {
    throw new Error(`status ${res.status}: response is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, body: parsed };
}

const gql = (query: string, variables?: unknown) => post(JSON.stringify(variables === undefined ? { query } : { query, variables }));

/** A rejection: 4xx (or 200 with errors), no 500, and every error carries a client code. */
function expectClientError(answer: Answer, codes?: string[]): void {
  expect(answer.status).not.toBeGreaterThanOrEqual(500);
  expect([200, 400, 413]).toContain(answer.status);
  expect(answer.body.errors?.length ?? 0).toBeGreaterThan(0);
  for (const e of answer.body.errors ?? []) {
    expect(CLIENT_ERROR_CODES.has(e.extensions?.code ?? ""), `unexpected code ${e.extensions?.code}: ${e.message}`).toBe(true);
    if (codes) expect(codes).toContain(e.extensions?.code);
  }
}

async function rowCounts(): Promise<number[]> {
  const p = seeded.db.prisma;
  return Promise.all([p.patient.count(), p.prediction.count(), p.modelVersion.count(), p.modelVersion.count({ where: { isServed: true, version: "seeded" } })]);
}

describe("GraphQL under random and malformed input", () => {
  it("answers random documents with parse or validation errors, never a 500", async () => {
    const before = await rowCounts();
    const tokens = fc.constantFrom("{", "}", "(", ")", "[", "]", ":", "$", "!", "...", "@", "=", ",", "query", "mutation", "fragment", "on", "patients", "patient", "predict", "edges", "node", "id", "first", "importPatients", "promoteModel", '"x"', "1", "-3.5e9", "null", "true", "__typename", "__schema");
    const document = fc.oneof(fc.string({ maxLength: 300 }), fc.array(tokens, { maxLength: 60 }).map((t) => t.join(" ")));
    await fc.assert(
      fc.asyncProperty(document, async (query) => {
        const answer = await gql(query);
        if (answer.body.errors) expectClientError(answer);
        else expect(answer.status).toBe(200);
      }),
      { seed: SEED, numRuns: 150 },
    );
    expect(await rowCounts()).toEqual(before);
  });

  it("rejects invalid JSON bodies, wrong content types and batched arrays as bad requests", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200 }), async (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const answer = await post(text);
        if (!valid) {
          expect(answer.status).toBe(400);
          expectClientError(answer, ["BAD_REQUEST"]);
        } else expect(answer.status).not.toBeGreaterThanOrEqual(500);
      }),
      { seed: SEED, numRuns: 100 },
    );
    const batch = await post(JSON.stringify([{ query: "{ __typename }" }, { query: "{ __typename }" }]));
    expect(batch.status).toBe(400);
    const wrongType = await fetch(endpoint, { method: "POST", headers: { "content-type": "text/plain" }, body: "{ __typename }" });
    expect(wrongType.status).toBe(400);
  });

  it("holds the depth limit at any nesting", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (extra) => {
        // __schema > types > ofType^extra: depth 2 + extra (introspection is on outside production).
        const query = `{ __schema { types ${"{ ofType ".repeat(extra)}{ name }${" }".repeat(extra)} } }`;
        const depth = 3 + extra;
        const answer = await gql(query);
        if (depth > LIMITS.maxDepth) {
          expectClientError(answer);
          expect(answer.body.errors?.some((e) => e.message === `query depth ${depth} exceeds the limit of ${LIMITS.maxDepth}`)).toBe(true);
        } else {
          expect(answer.body.errors).toBeUndefined();
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("holds the alias limit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 120 }), async (n) => {
        const query = `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(" ")} }`;
        const answer = await gql(query);
        if (n > LIMITS.maxAliases) {
          expectClientError(answer, ["GRAPHQL_VALIDATION_FAILED", "BAD_USER_INPUT"]);
          expect(answer.body.errors?.some((e) => e.message === `query uses ${n} aliases, the limit is ${LIMITS.maxAliases}`)).toBe(true);
        } else {
          expect(answer.body.errors).toBeUndefined();
          expect(Object.keys(answer.body.data as object)).toHaveLength(n);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it("holds the cost limit on page sizes and the token limit on long documents", async () => {
    const seen = { overCost: 0, answered: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2_000_000 }), async (first) => {
        const query = `{ patients(first: ${first}) { edges { node { id latestPrediction { churnProbability } } } } }`;
        const answer = await gql(query);
        const message = answer.body.errors?.map((e) => e.message).join("; ") ?? "";
        // Each participant costs at least its edge, node and id: past maxCost / 3 the limit must hold.
        if (first > LIMITS.maxCost / 3) expect(message).toMatch(/^query cost \d+ exceeds the limit of 200000; ask for smaller pages$/);
        if (/query cost \d+ exceeds the limit/.test(message)) {
          seen.overCost++;
          expectClientError(answer);
        } else if (answer.body.errors) expectClientError(answer, ["BAD_USER_INPUT"]);
        else {
          seen.answered++;
          // Whatever was asked for, no answer lists more than the participants there are.
          expect((answer.body.data as { patients: { edges: unknown[] } }).patients.edges.length).toBeLessThanOrEqual(200);
        }
      }),
      { seed: SEED, numRuns: 40, examples: [[1], [100], [5000]] },
    );
    expect(seen.overCost).toBeGreaterThan(10);
    expect(seen.answered).toBeGreaterThanOrEqual(2);
    const huge = await gql(`{ ${Array.from({ length: LIMITS.maxTokens }, () => "__typename").join(" ")} }`);
    expectClientError(huge, ["GRAPHQL_PARSE_FAILED"]);
  });

  it("refuses bodies over the size limit with 413 and batches over the row limit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 3 }), async (size) => {
        const query = `{ __typename }`;
        const padding = " ".repeat(size - JSON.stringify({ query }).length);
        const answer = await post(JSON.stringify({ query: query + padding }));
        expect(answer.status).toBe(413);
        expectClientError(answer, ["PAYLOAD_TOO_LARGE"]);
      }),
      { seed: SEED, numRuns: 5 },
    );
    // predictBatch over its row limit (sent as a small document with a bigger limit would be the
    // same check): at MAX_BATCH + 1 copies of a tiny input.
    const tiny = { age: 50 };
    const body = JSON.stringify({ query: "query($inputs: [PatientInput!]!) { predictBatch(inputs: $inputs) { churnProbability } }", variables: { inputs: Array.from({ length: MAX_BATCH + 1 }, () => tiny) } });
    expect(body.length).toBeLessThan(BODY_LIMIT);
    const answer = await post(body);
    expectClientError(answer, ["BAD_USER_INPUT"]);
    expect(answer.body.errors?.[0].message).toBe(`inputs: at most ${MAX_BATCH} participants per call, got ${MAX_BATCH + 1}`);
  });

  it("rejects wrong variable types and values with BAD_USER_INPUT or validation errors", async () => {
    const keys = Object.keys(sample);
    const mutated = fc.record({ key: fc.constantFrom(...keys), value: fc.jsonValue({ maxDepth: 2 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 4 }), async (changes) => {
        const input: Record<string, unknown> = { ...sample };
        for (const c of changes) input[c.key] = c.value;
        const answer = await gql("query($input: PatientInput!) { predict(input: $input) { churnProbability } }", { input });
        if (answer.body.errors) expectClientError(answer, ["BAD_USER_INPUT", "GRAPHQL_VALIDATION_FAILED"]);
        else {
          const p = (answer.body.data as { predict: { churnProbability: number } }).predict.churnProbability;
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThan(1);
        }
      }),
      { seed: SEED, numRuns: 120 },
    );
    // Variables that are not an object at all.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.integer(), fc.array(fc.jsonValue({ maxDepth: 1 }))), async (variables) => {
        const answer = await gql("query($input: PatientInput!) { predict(input: $input) { churnProbability } }", variables);
        expectClientError(answer);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it("writes nothing when mutations are refused", async () => {
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 400 }), fc.string({ maxLength: 40 }), async (csv, version) => {
        const imported = await gql("mutation($csv: String!) { importPatients(csv: $csv) { imported } }", { csv });
        if (imported.body.errors) expectClientError(imported, ["BAD_USER_INPUT"]);
        const promoted = await gql("mutation($v: String!) { promoteModel(version: $v) { version } }", { v: version });
        expectClientError(promoted, ["BAD_USER_INPUT"]);
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(await rowCounts()).toEqual(before);
    // Still serving, and no promise was left rejected along the way.
    const ok = await gql("{ __typename }");
    expect(ok.body.data).toEqual({ __typename: "Query" });
    expect(unhandled).toEqual([]);
    unhandled = [];
  });
});
