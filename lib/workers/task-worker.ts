import { parentPort } from "node:worker_threads";
import type { SerializedError, TaskReply, TaskRequest } from "./task-protocol";
import { TASKS, type TaskName } from "./tasks";

function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err), fields: {} };
  // Own enumerable fields (an import's row errors, an input's problems) survive structured clone.
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (typeof v !== "function") fields[k] = v;
  return { name: err.name, message: err.message, fields };
}

const port = parentPort;
if (!port) throw new Error("task-worker must run on a worker thread");

port.on("message", (request: TaskRequest) => {
  const run = TASKS[request.task as TaskName] as ((args: unknown) => Promise<unknown>) | undefined;
  const reply = (message: TaskReply) => port.postMessage(message);
  if (!run) {
    reply({ id: request.id, ok: false, error: { name: "Error", message: `unknown task "${request.task}"`, fields: {} } });
    return;
  }
  run(request.args).then(
    (value) => reply({ id: request.id, ok: true, value }),
    (err: unknown) => reply({ id: request.id, ok: false, error: serializeError(err) }),
  );
});
