/**
 * Plain-JavaScript entry of the task worker threads (./task-runner.ts). Node 20 does not apply
 * loader hooks to a worker's own entry module, so this registers tsx's ESM hooks and only then
 * imports the TypeScript worker (same arrangement as lib/ml/shap/worker-entry.mjs).
 */
import { register } from "tsx/esm/api";

register();
await import("./task-worker.ts");
