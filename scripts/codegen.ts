/**
 * `npm run codegen`: generates graphql/generated/resolvers-types.ts (TypeScript types for every
 * schema type and resolver signature) from graphql/schema.graphql, so the resolvers are checked
 * against the SDL. `--check` writes nothing and fails when the committed file is out of date.
 */
import fs from "node:fs";
import path from "node:path";
import { generateResolverTypes, RESOLVER_TYPES_PATH } from "../graphql/codegen";

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const generated = await generateResolverTypes();
  const target = path.resolve(RESOLVER_TYPES_PATH);
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (check) {
    if (current !== generated) {
      console.error(`${RESOLVER_TYPES_PATH} is out of date with graphql/schema.graphql: run npm run codegen`);
      process.exit(1);
    }
    console.log(`${RESOLVER_TYPES_PATH} is up to date`);
    return;
  }
  if (current === generated) {
    console.log(`${RESOLVER_TYPES_PATH} already up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, generated);
  console.log(`wrote ${RESOLVER_TYPES_PATH}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
