import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../lib/db/migrate";
import { startPostgresServer } from "../../scripts/postgres-cluster";

/**
 * vitest globalSetup of the "postgresql" project: ONE throwaway cluster for the whole run, with a
 * migrated template database; every test database is a copy of it (CREATE DATABASE ... TEMPLATE,
 * see temp-db.ts), which takes a few milliseconds instead of a Prisma CLI start. Stopped and
 * removed after the run. Without initdb this fails, loudly: CI installs PostgreSQL.
 */
export const TEMPLATE_DATABASE = "retain_template";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the cluster's `postgres` database, for CREATE/DROP DATABASE. */
    postgresAdminUrl: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgresServer();
  try {
    await migrateDatabase(server.url(TEMPLATE_DATABASE));
  } catch (err) {
    server.stop();
    throw err;
  }
  project.provide("postgresAdminUrl", server.url("postgres"));
  project.provide("postgresTemplate", TEMPLATE_DATABASE);
  return () => server.stop();
}
