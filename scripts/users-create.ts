/**
 * `npm run users:create -- --username <name> --role viewer|analyst|admin [--password-stdin]`:
 * adds a dashboard user. Without --password-stdin a password is generated and printed once.
 */
import { parseArgs } from "node:util";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { cliPrincipal } from "../lib/auth/principal";
import { createUser } from "../lib/auth/users";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

runCommand("users:create", async () => {
  const { values } = parseArgs({ options: { username: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean" } }, strict: true });
  if (!values.username || !values.role) {
    console.error("usage: npm run users:create -- --username <name> --role viewer|analyst|admin [--password-stdin]");
    return 2;
  }
  const password = values["password-stdin"] ? await readStdin() : null;
  const user = await withDatabase((db) => createUser(db.prisma, cliPrincipal(), { username: values.username as string, role: values.role as string, password }));
  console.log(`user ${user.username} (${user.role}) created`);
  if (user.generatedPassword) console.log(`password (shown once, not stored): ${user.generatedPassword}`);
});
