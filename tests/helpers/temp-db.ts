import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPrisma, type PrismaClient } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";

export interface TempDb {
  dir: string;
  url: string;
  file: string;
  prisma: PrismaClient;
  cleanup: () => Promise<void>;
}

let template: string | null = null;

/** Migrating costs a Prisma CLI start, so each test worker migrates once and copies the file. */
function migratedTemplate(): string {
  if (template && fs.existsSync(template)) return template;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-template-"));
  const file = path.join(dir, "template.db");
  migrateDatabase(`file:${file}`);
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  template = file;
  return file;
}

/** A migrated SQLite database in its own temporary folder, removed by cleanup(). */
export async function createTempDb(): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-test-"));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(migratedTemplate(), file);
  const url = `file:${file}`;
  const prisma = createPrisma(url);
  return {
    dir,
    url,
    file,
    prisma,
    cleanup: async () => {
      await prisma.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
