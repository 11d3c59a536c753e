/**
 * API keys for GraphQL clients:
 *   npm run keys:create -- --name <what it is for> --role viewer|analyst|admin   (prints the token once)
 *   npm run keys:list
 *   npm run keys:revoke -- <prefix>
 */
import { parseArgs } from "node:util";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { createApiKey, listApiKeys, revokeApiKey } from "../lib/auth/api-keys";
import { cliPrincipal } from "../lib/auth/principal";

const USAGE = `usage:
  npm run keys:create -- --name <what it is for> --role viewer|analyst|admin
  npm run keys:list
  npm run keys:revoke -- <prefix>`;

const date = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace("T", " ") : "-");

runCommand("keys", async () => {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "create") {
    const { values } = parseArgs({ args: rest, options: { name: { type: "string" }, role: { type: "string" } }, strict: true });
    if (!values.name || !values.role) {
      console.error(USAGE);
      return 2;
    }
    const key = await withDatabase((db) => createApiKey(db.prisma, cliPrincipal(), { name: values.name as string, role: values.role as string }));
    console.log(`API key ${key.prefix} "${key.name}" (${key.role}) created. Send it as: Authorization: Bearer <token>`);
    console.log(`token (shown once, not stored): ${key.token}`);
    return;
  }
  if (command === "list") {
    const keys = await withDatabase((db) => listApiKeys(db.prisma));
    if (keys.length === 0) console.log("no API keys: npm run keys:create -- --name <name> --role <role>");
    else {
      console.log(["prefix  ", "role    ", "created            ", "last used          ", "revoked            ", "name"].join("  "));
      for (const k of keys) console.log([k.prefix, k.role.padEnd(8), date(k.createdAt), date(k.lastUsedAt).padEnd(19), date(k.revokedAt).padEnd(19), k.name].join("  "));
    }
    return;
  }
  if (command === "revoke" && rest[0]) {
    const key = await withDatabase((db) => revokeApiKey(db.prisma, cliPrincipal(), rest[0]));
    console.log(`API key ${key.prefix} "${key.name}" revoked`);
    return;
  }
  console.error(USAGE);
  return 2;
});
