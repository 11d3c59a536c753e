import os from "node:os";
import type { Role } from "./roles";

/** Who is acting: a signed-in user, a GraphQL client with an API key, or someone at the CLI. */
export interface Principal {
  kind: "user" | "apiKey" | "cli";
  /** User or key id; null for the CLI. */
  id: number | null;
  /** Username, key prefix with its name, or the operating-system user at the CLI. */
  name: string;
  role: Role;
}

/** The actor as the audit trail records it, e.g. "user:alice", "key:3f9a0c1e", "cli:root". */
export function actorOf(p: Principal): string {
  return `${p.kind === "apiKey" ? "key" : p.kind}:${p.name}`;
}

/**
 * The CLI runs with the machine's access (whoever can run it can read the database file or URL),
 * so it acts as admin; its actions are still recorded under the operating-system user.
 */
export function cliPrincipal(): Principal {
  let name = "unknown";
  try {
    name = os.userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown".
  }
  return { kind: "cli", id: null, name, role: "admin" };
}
