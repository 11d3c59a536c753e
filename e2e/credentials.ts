/** The accounts scripts/test.ts seeds for the browser tests, one per role, passed in the environment. */
export const E2E_ROLES = ["admin", "analyst", "viewer"] as const;
export type E2eRole = (typeof E2E_ROLES)[number];

export function e2eCredentials(role: E2eRole): { username: string; password: string } {
  const password = process.env[`E2E_PASSWORD_${role.toUpperCase()}`];
  if (!password) throw new Error(`E2E_PASSWORD_${role.toUpperCase()} is not set: run the browser tests through npm test (scripts/test.ts)`);
  return { username: `e2e-${role}`, password };
}

export function storageStateFile(role: E2eRole): string {
  return `test-results/.auth/${role}.json`;
}

/** Cookie-authenticated API calls from tests must say they come from the site, as its pages do. */
export function siteOrigin(): Record<string, string> {
  return { origin: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}` };
}
