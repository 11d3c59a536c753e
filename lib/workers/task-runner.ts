import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ImportValidationError } from "../data/import/import-participants";
import { InvalidParticipantInput } from "../scoring/validate-participant";
import type { SerializedError, TaskReply, TaskRequest } from "./task-protocol";
import type { TaskArgs, TaskName, TaskResult } from "./tasks";

/**
 * Runs the jobs of ./tasks.ts on one long-lived worker thread, started on first use. Jobs are
 * posted as they come; the worker interleaves them at their await points. A crashed worker fails
 * its pending jobs with the reason and is replaced on the next job. The worker is unref'd while
 * idle, so it never keeps a finished process alive.
 */

function workerUrl(): URL {
  const self = import.meta.url;
  const beside = new URL(/\.[cm]?ts$/.test(self) ? "./task-worker-entry.mjs" : "./task-worker.js", self);
  if (beside.protocol === "file:" && fs.existsSync(fileURLToPath(beside))) return beside;
  // Inside the Next.js bundle this module is no longer next to its worker: use the sources.
  return pathToFileURL(path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "workers", "task-worker-entry.mjs"));
}

/** Rebuilds the domain errors callers tell apart (bad input versus failure). */
function revive(e: SerializedError): Error {
  const f = e.fields;
  if (e.name === "ImportValidationError") return new ImportValidationError(f.errors as ImportValidationError["errors"], f.errorCount as number);
  if (e.name === "InvalidParticipantInput") return new InvalidParticipantInput(f.problems as InvalidParticipantInput["problems"]);
  const error = e.name === "RangeError" ? new RangeError(e.message) : e.name === "TypeError" ? new TypeError(e.message) : new Error(e.message);
  if (error.name !== e.name) error.name = e.name;
  return error;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class TaskRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  run<K extends TaskName>(task: K, ...[args]: TaskArgs<K> extends undefined ? [] : [TaskArgs<K>]): Promise<TaskResult<K>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<TaskResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      const request: TaskRequest = { id, task, args };
      worker.postMessage(request);
    });
  }

  get running(): number {
    return this.pending.size;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(workerUrl());
    worker.unref();
    worker.on("message", (reply: TaskReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.value);
      else p.reject(revive(reply.error));
    });
    const fail = (reason: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const p of this.pending.values()) p.reject(reason);
      this.pending.clear();
    };
    worker.on("error", (err) => fail(new Error(`task worker failed: ${err.message}`)));
    worker.on("exit", (code) => fail(new Error(`task worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

// One runner per process, shared by the bundled (Next.js) and unbundled copies of this module.
const holder = globalThis as unknown as { __retainTaskRunner?: TaskRunner };

export function taskRunner(): TaskRunner {
  holder.__retainTaskRunner ??= new TaskRunner();
  return holder.__retainTaskRunner;
}
