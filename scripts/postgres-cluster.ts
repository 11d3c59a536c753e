import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./app-server";

/**
 * A throwaway PostgreSQL cluster for tests and scripts: `initdb` into a temporary folder, a server
 * on a free loopback port (its unix socket in the same folder, so it never meets the machine's own
 * PostgreSQL on 5432), trust authentication for the `postgres` user, and everything removed again
 * by stop(). PostgreSQL refuses to run as root, so as root the binaries run as the `postgres` user
 * (runuser) on a folder handed to that user.
 */
export interface TestPostgres {
  port: number;
  dir: string;
  /** A connection URL for `database` on this cluster. */
  url(database: string): string;
  stop(): void;
}

const PG_DEFAULT_PORT = 5432;

/** initdb/pg_ctl on PATH, else the newest Debian install under /usr/lib/postgresql/<version>/bin. */
export function findPostgresBin(name: "initdb" | "pg_ctl"): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(root, versions[0], "bin", name);
  throw new Error(
    `PostgreSQL's ${name} was not found (PATH, /usr/lib/postgresql/*/bin): the PostgreSQL tests need it. ` +
      "Install Debian's postgresql package (apt-get install postgresql), as .ci/run does.",
  );
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the postgres user when we are root; throws with its output on failure. */
function runPg(bin: string, args: string[]): void {
  const [cmd, full] = isRoot() ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, full, { encoding: "utf8", timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(`${path.basename(bin)} ${args.join(" ")} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}${result.error ? `\n${result.error.message}` : ""}`);
  }
}

export async function startPostgresServer(): Promise<TestPostgres> {
  const initdb = findPostgresBin("initdb");
  const pgCtl = findPostgresBin("pg_ctl");
  const port = await freePort(PG_DEFAULT_PORT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-pg-"));
  const data = path.join(dir, "data");
  if (isRoot()) {
    const chown = spawnSync("chown", ["-R", "postgres:", dir], { encoding: "utf8" });
    if (chown.status !== 0) throw new Error(`chown postgres ${dir} failed: ${chown.stderr}`);
  }
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        runPg(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // C locale: text sorts by bytes, as in SQLite. No fsync: a test cluster need not survive a crash.
    runPg(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
      "-c shared_buffers=64MB",
    ].join(" ");
    runPg(pgCtl, ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
    started = true;
  } catch (err) {
    const log = path.join(dir, "server.log");
    const tail = fs.existsSync(log) ? `\nserver log:\n${fs.readFileSync(log, "utf8").slice(-2000)}` : "";
    stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail}`);
  }
  return {
    port,
    dir,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop,
  };
}
