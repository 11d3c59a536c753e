import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { dbProvider, sqliteFilePath } from "../../db/url";

/**
 * Records a training run's progress on its ModelVersion row, for pages and clients polling the
 * version. Boosting runs synchronously between progress callbacks, so an asynchronous (Prisma)
 * write would only land at the end; this writes synchronously, at most every `minIntervalMs`.
 * SQLite writes on a better-sqlite3 connection; PostgreSQL has no synchronous driver, so a worker
 * thread holds the connection and the training thread waits (up to a timeout) for each write.
 */
export interface ProgressRecorder {
  record(fraction: number): void;
  close(): void;
}

const UPDATE_PROGRESS = `UPDATE "ModelVersion" SET "progress" = $1 WHERE "version" = $2`;
/** How long a write may hold up training before it is given up (progress is advisory). */
const WRITE_TIMEOUT_MS = 2_000;
const FIRST_WRITE_TIMEOUT_MS = 10_000;

export function trainingProgressRecorder(url: string, version: string, minIntervalMs = 500): ProgressRecorder {
  const write = dbProvider(url) === "postgresql" ? postgresWriter(url, version) : sqliteWriter(url, version);
  let last = 0;
  return {
    record(fraction) {
      const now = Date.now();
      if (fraction < 1 && now - last < minIntervalMs) return;
      last = now;
      try {
        write.update(Math.min(1, Math.max(0, fraction)));
      } catch {
        // Progress is advisory: a busy database must not fail the training run.
      }
    },
    close() {
      write.close();
    },
  };
}

interface SyncWriter {
  update(fraction: number): void;
  close(): void;
}

function sqliteWriter(url: string, version: string): SyncWriter {
  const db = new Database(sqliteFilePath(url), { timeout: WRITE_TIMEOUT_MS });
  const update = db.prepare(UPDATE_PROGRESS.replace("$1", "?").replace("$2", "?"));
  return { update: (fraction) => void update.run(fraction, version), close: () => db.close() };
}

/** The worker: one connection, one UPDATE per message, a signal through shared memory after each. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const pg = require(workerData.pgPath);
const signal = new Int32Array(workerData.signal);
const client = new pg.Client({ connectionString: workerData.url });
const ready = client.connect();
let queue = ready;
const done = (code) => { Atomics.store(signal, 0, code); Atomics.notify(signal, 0); };
parentPort.on("message", (m) => {
  if (m.close) {
    queue = queue.then(() => client.end(), () => client.end()).catch(() => undefined).then(() => process.exit(0));
    return;
  }
  queue = queue
    .then(() => client.query(workerData.sql, [m.fraction, workerData.version]))
    .then(() => done(1), () => done(2));
});
ready.catch(() => undefined);
`;

function postgresWriter(url: string, version: string): SyncWriter {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const pgPath = createRequire(import.meta.url).resolve("pg");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, version, pgPath, sql: UPDATE_PROGRESS, signal: signal.buffer } });
  worker.unref();
  worker.on("error", () => undefined);
  let first = true;
  return {
    update(fraction) {
      Atomics.store(signal, 0, 0);
      worker.postMessage({ fraction });
      Atomics.wait(signal, 0, 0, first ? FIRST_WRITE_TIMEOUT_MS : WRITE_TIMEOUT_MS);
      first = false;
    },
    close() {
      worker.postMessage({ close: true });
    },
  };
}
