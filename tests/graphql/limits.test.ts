import { buildSchema, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { LIMITS, queryLimitsRule } from "@/graphql/limits";

const schema = buildSchema(`
  type Node { id: ID, child: Node, items(first: Int): [Node] }
  type Query { root: Node, list(first: Int): [Node] }
`);

function errors(query: string): string[] {
  return validate(schema, parse(query), [...specifiedRules, queryLimitsRule]).map((e) => e.message);
}

function nest(depth: number): string {
  return depth === 0 ? "id" : `child { ${nest(depth - 1)} }`;
}

describe("query limits", () => {
  it("allow depth up to the limit and refuse one level more", () => {
    expect(errors(`{ root { ${nest(LIMITS.maxDepth - 2)} } }`)).toEqual([]);
    expect(errors(`{ root { ${nest(LIMITS.maxDepth)} } }`)).toEqual([`query depth ${LIMITS.maxDepth + 2} exceeds the limit of ${LIMITS.maxDepth}`]);
  });

  it("count depth through fragments, without looping on fragment cycles", () => {
    const q = `{ root { ...A } } fragment A on Node { child { child { ...B } } } fragment B on Node { ${nest(LIMITS.maxDepth)} }`;
    expect(errors(q).some((m) => /query depth \d+ exceeds/.test(m))).toBe(true);
  });

  it("limit aliases", () => {
    const ok = Array.from({ length: LIMITS.maxAliases }, (_, i) => `a${i}: root { id }`).join(" ");
    expect(errors(`{ ${ok} }`)).toEqual([]);
    expect(errors(`{ ${ok} extra: root { id } }`)).toEqual([`query uses ${LIMITS.maxAliases + 1} aliases, the limit is ${LIMITS.maxAliases}`]);
  });

  it("multiply cost by page sizes", () => {
    // 1 (list) + 500 x (1 + 500 x 1) = 250,501 > 200,000
    expect(errors(`{ list(first: 500) { items(first: 500) { id } } }`)).toEqual([`query cost 250501 exceeds the limit of ${LIMITS.maxCost}; ask for smaller pages`]);
    // 1 + 100 x (1 + 100) = 10,101
    expect(errors(`{ list(first: 100) { items(first: 100) { id } } }`)).toEqual([]);
  });
});
