/**
 * Who may do what. Each role includes everything of the roles before it:
 * viewer — aggregates and participant views; analyst — also predict, explain, what-if, import,
 * score and plan; admin — also train, promote, users, keys and the audit trail.
 */
export const ROLES = ["viewer", "analyst", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Dashboard aggregates, model versions and metrics, health, cache and drift. */
  "aggregates:read": "viewer",
  /** One participant's data and predictions, participant lists. */
  "participants:read": "viewer",
  /** Predictions, explanations and what-if on any input, batch scoring of uploaded files. */
  predict: "analyst",
  "participants:import": "analyst",
  "participants:score": "analyst",
  "interventions:plan": "analyst",
  "model:train": "admin",
  "model:promote": "admin",
  "cache:clear": "admin",
  "users:manage": "admin",
  "keys:manage": "admin",
  "audit:read": "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The role named by `value`, or an error naming the field and the accepted roles. */
export function parseRole(value: string, field = "role"): Role {
  const v = value.trim().toLowerCase();
  if (!isRole(v)) throw new Error(`${field} must be one of ${ROLES.join(", ")}, got "${value}"`);
  return v;
}

export function can(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}
