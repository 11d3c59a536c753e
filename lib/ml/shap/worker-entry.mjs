/**
 * Plain-JavaScript entry of ShapPool's worker threads. Node 20 does not apply loader hooks passed
 * to a worker with `execArgv: ["--import", "tsx"]` to the worker's own entry module
 * (ERR_UNKNOWN_FILE_EXTENSION for .ts), so this file registers tsx's ESM hooks itself and only
 * then imports the TypeScript worker. Works whether the parent runs under tsx, vitest or plain node.
 */
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
