import { defineConfig } from "@playwright/test";

/**
 * Browser tests run Debian's Chromium against the production server (scripts/serve.ts) on a seeded throwaway
 * database that scripts/test.ts prepares (E2E_DATABASE_URL, E2E_PORT).
 */
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "test-results",
  // auth.setup.ts signs in once per role (users seeded by scripts/test.ts); tests start signed in as admin.
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", dependencies: ["sign-in"], use: { storageState: "test-results/.auth/admin.json" } },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `node node_modules/tsx/dist/cli.mjs scripts/serve.ts -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { DATABASE_URL: process.env.E2E_DATABASE_URL ?? "", MODELS_DIR: process.env.E2E_MODELS_DIR ?? "", SESSION_SECRET: process.env.E2E_SESSION_SECRET ?? "", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
