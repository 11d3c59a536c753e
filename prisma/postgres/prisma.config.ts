import { defineConfig } from "prisma/config";
import { migrationAdapter } from "../../lib/db/pg-migrate-adapter";
import { resolveDatabaseUrl } from "../../lib/db/url";

// The PostgreSQL twin of ../../prisma.config.ts: the same offline WebAssembly schema engine, driven
// through Prisma's pg driver adapter (with the catalog-type fix of lib/db/pg-migrate-adapter.ts).
// Paths are relative to this file. Used as `prisma <command> --config prisma/postgres/prisma.config.ts`.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return migrationAdapter(resolveDatabaseUrl());
  },
});
