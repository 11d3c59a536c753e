import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { dbProvider, resolveDatabaseUrl } from "./lib/db/url";

// Prisma 6's offline recipe: the WebAssembly schema engine drives migrations through a driver
// adapter, so no engine binary is downloaded. This is the SQLite config; PostgreSQL has its own,
// prisma/postgres/prisma.config.ts (README.md, "PostgreSQL").
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = resolveDatabaseUrl();
    if (dbProvider(url) !== "sqlite") throw new Error("DATABASE_URL is a PostgreSQL URL: use --config prisma/postgres/prisma.config.ts (or npm run db:migrate)");
    return new PrismaBetterSQLite3({ url });
  },
});
