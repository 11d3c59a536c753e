import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateResolverTypes, RESOLVER_TYPES_PATH } from "@/graphql/codegen";

describe("generated resolver types", () => {
  it("match graphql/schema.graphql (run npm run codegen after changing the schema)", async () => {
    const generated = await generateResolverTypes();
    expect(generated).toContain("export type QueryResolvers<");
    expect(fs.readFileSync(RESOLVER_TYPES_PATH, "utf8") === generated).toBe(true);
  });
});
