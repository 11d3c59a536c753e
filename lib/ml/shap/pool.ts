import os from "node:os";
import { Worker } from "node:worker_threads";
import type { Booster } from "../model/types";
import { ShapInputError } from "./errors";
import { type ShapAlgorithm, ShapExplainer, type ShapExplainerOptions } from "./explainer";
import { interactionRowSize } from "./interaction-layout";
import { checkMatrix } from "./validate";
import type { TaskKind, TaskMessage, WorkerReply, WorkerSetup } from "./worker-protocol";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Explains large matrices on worker threads. Each worker receives the booster once (structured
 * clone, no text round trip) and builds its own explainer; rows are then sent in chunks, which
 * idle workers pick up in order, so a slow (shared) core does not hold back the others.
 *
 * Workers start from ./worker-entry.mjs, which registers tsx's loader and imports ./worker.ts, so
 * the pool works the same whether the caller runs under tsx or vitest (tsx is a dependency of
 * this package). Code compiled to .js would need a compiled ./worker.js next to this file.
 * Idle workers are unref'd, so a forgotten close() does not keep the process alive.
 */
export interface ShapPoolOptions extends ShapExplainerOptions {
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /**
   * Rows per task; default about 8 tasks per worker and call (64 .. 1024 rows), so a worker slowed
   * by a busy core does not hold back the rest.
   */
  chunkRows?: number;
}

interface Task {
  message: TaskMessage;
  resolve: (values: Float64Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
}

/**
 * The worker script: the tsx bootstrap (./worker-entry.mjs) while running from TypeScript
 * sources. Inside a bundle (the Next.js server) this module is no longer next to its worker, so
 * the bootstrap is taken from the project's sources instead.
 */
function workerUrl(): URL {
  const self = import.meta.url;
  const beside = new URL(/\.[cm]?ts$/.test(self) ? "./worker-entry.mjs" : "./worker.js", self);
  if (beside.protocol === "file:" && fs.existsSync(fileURLToPath(beside))) return beside;
  return pathToFileURL(path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "ml", "shap", "worker-entry.mjs"));
}

function remoteError(name: string, message: string): Error {
  const error = name === "ShapInputError" ? new ShapInputError(message) : new Error(message);
  if (name !== "ShapInputError") error.name = name;
  return error;
}

function startWorker(setup: WorkerSetup): Promise<Worker> {
  // No inherited execArgv: the parent's loader flags (tsx's, vitest's) are not needed and some
  // are not valid in workers.
  const worker = new Worker(workerUrl(), { execArgv: [], workerData: setup });
  return new Promise<Worker>((resolve, reject) => {
    const fail = (error: Error): void => {
      cleanup();
      void worker.terminate();
      reject(error);
    };
    const onMessage = (reply: WorkerReply): void => {
      if (reply.type === "ready") {
        cleanup();
        resolve(worker);
      } else if (reply.type === "setup-failed") {
        fail(remoteError(reply.name, reply.message));
      }
    };
    const onError = (error: Error): void => fail(new Error(`SHAP worker failed to start: ${error.message}`));
    const onExit = (code: number): void => fail(new Error(`SHAP worker exited with code ${code} before it was ready`));
    const cleanup = (): void => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

export class ShapPool {
  private readonly queue: Task[] = [];
  private nextId = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly booster: Booster,
    private readonly slots: Slot[],
    private readonly chunkRows: number | undefined,
    /** Expected value (bias column) of every explanation. */
    readonly expectedValue: number,
  ) {
    for (const slot of slots) {
      slot.worker.on("message", (reply: WorkerReply) => this.onReply(slot, reply));
      slot.worker.on("error", (error: Error) => this.fail(new Error(`SHAP worker crashed: ${error.message}`)));
      slot.worker.on("exit", (code: number) => {
        if (!this.closed) this.fail(new Error(`SHAP worker exited unexpectedly with code ${code}`));
      });
      slot.worker.unref();
    }
  }

  /** Validates the booster in this thread, then starts the workers and waits until all are ready. */
  static async create(booster: Booster, options: ShapPoolOptions = {}): Promise<ShapPool> {
    const { workers, chunkRows, ...tableOptions } = options;
    const explainer = new ShapExplainer(booster, tableOptions);
    const count = workers ?? os.availableParallelism();
    if (!Number.isInteger(count) || count < 1) throw new ShapInputError(`workers must be a positive integer, got ${count}`);
    if (chunkRows !== undefined && (!Number.isInteger(chunkRows) || chunkRows < 1)) {
      throw new ShapInputError(`chunkRows must be a positive integer, got ${chunkRows}`);
    }
    const setup: WorkerSetup = { booster, options: tableOptions };
    const started = await Promise.allSettled(Array.from({ length: count }, () => startWorker(setup)));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed !== undefined) {
      await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.terminate() : undefined)));
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
    const slots = started.map((s) => ({ worker: (s as PromiseFulfilledResult<Worker>).value, task: undefined }));
    return new ShapPool(booster, slots, chunkRows, explainer.expectedValue);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /** Same result as ShapExplainer.shapValues, computed on the workers. */
  shapValues(data: Float64Array, numRows: number, numFeatures: number, options: { algorithm?: ShapAlgorithm } = {}): Promise<Float64Array> {
    return this.run("contributions", data, numRows, numFeatures, options.algorithm ?? "fast", numFeatures + 1);
  }

  /** Same result as ShapExplainer.interactionValues, computed on the workers. */
  interactionValues(data: Float64Array, numRows: number, numFeatures: number, options: { algorithm?: ShapAlgorithm } = {}): Promise<Float64Array> {
    return this.run("interactions", data, numRows, numFeatures, options.algorithm ?? "fast", interactionRowSize(numFeatures));
  }

  /** Stops the workers; pending calls are rejected. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(new Error("ShapPool was closed"));
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private async run(kind: TaskKind, data: Float64Array, numRows: number, numFeatures: number, algorithm: ShapAlgorithm, perRow: number): Promise<Float64Array> {
    if (this.closed) throw new Error("ShapPool is closed");
    if (this.failure !== undefined) throw this.failure;
    checkMatrix(this.booster, data, numRows, numFeatures);
    const out = new Float64Array(numRows * perRow);
    const chunk = this.chunkRows ?? Math.min(1024, Math.max(64, Math.ceil(numRows / (8 * this.slots.length))));
    const parts: Array<Promise<void>> = [];
    for (let start = 0; start < numRows; start += chunk) {
      const end = Math.min(numRows, start + chunk);
      // slice copies, so the caller's buffer is never detached by the transfer.
      const rows = data.slice(start * numFeatures, end * numFeatures);
      const message: TaskMessage = { id: this.nextId++, kind, algorithm, data: rows, numRows: end - start, numFeatures };
      parts.push(
        new Promise<Float64Array>((resolve, reject) => this.queue.push({ message, resolve, reject })).then((values) => {
          out.set(values, start * perRow);
        }),
      );
    }
    this.dispatch();
    await Promise.all(parts);
    return out;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.task !== undefined) continue;
      const task = this.queue.shift();
      if (task === undefined) return;
      slot.task = task;
      slot.worker.ref();
      // The chunk was made by slice(), so its buffer is a plain (transferable) ArrayBuffer.
      slot.worker.postMessage(task.message, [task.message.data.buffer as ArrayBuffer]);
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const task = slot.task;
    if (task === undefined || (reply.type !== "done" && reply.type !== "failed") || reply.id !== task.message.id) return;
    slot.task = undefined;
    slot.worker.unref();
    if (reply.type === "done") task.resolve(reply.values);
    else task.reject(remoteError(reply.name, reply.message));
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.rejectAll(error);
  }

  private rejectAll(error: Error): void {
    for (const slot of this.slots) {
      slot.task?.reject(error);
      slot.task = undefined;
    }
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}
