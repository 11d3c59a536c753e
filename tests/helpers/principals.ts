import type { RequestAccess } from "@/graphql/context";
import type { Principal } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/roles";

/** A caller of the given role for tests that exercise resolvers below the authentication layer. */
export function testPrincipal(role: Role = "admin"): Principal {
  return { kind: "user", id: null, name: `test-${role}`, role };
}

export function testAccess(role: Role = "admin"): RequestAccess {
  return { principal: testPrincipal(role), requestId: `test-${role}` };
}
