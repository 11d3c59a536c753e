import { parentPort, workerData } from "node:worker_threads";
import { ShapExplainer } from "./explainer";
import type { TaskMessage, WorkerReply, WorkerSetup } from "./worker-protocol";

/**
 * Worker-thread entry of ShapPool: builds one explainer from the structured-cloned booster, then
 * explains the row chunks it is sent. Runs as TypeScript through tsx's loader (see ./pool).
 */

const port = parentPort;
if (port === null) throw new Error("lib/ml/shap/worker.ts must run as a worker thread (use ShapPool)");

function describe(error: unknown): { name: string; message: string } {
  return error instanceof Error ? { name: error.name, message: error.message } : { name: "Error", message: String(error) };
}

let explainer: ShapExplainer | undefined;
try {
  const setup = workerData as WorkerSetup;
  explainer = new ShapExplainer(setup.booster, setup.options);
  port.postMessage({ type: "ready" } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: "setup-failed", ...describe(error) } satisfies WorkerReply);
}

port.on("message", (task: TaskMessage) => {
  try {
    if (explainer === undefined) throw new Error("worker has no explainer (setup failed)");
    const { data, numRows, numFeatures, algorithm } = task;
    const values =
      task.kind === "contributions"
        ? explainer.shapValues(data, numRows, numFeatures, { algorithm })
        : explainer.interactionValues(data, numRows, numFeatures, { algorithm });
    // Freshly allocated output: a plain ArrayBuffer, moved rather than copied.
    port.postMessage({ type: "done", id: task.id, values } satisfies WorkerReply, [values.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ type: "failed", id: task.id, ...describe(error) } satisfies WorkerReply);
  }
});
