import type { Booster } from "../model/types";
import type { ShapAlgorithm, ShapExplainerOptions } from "./explainer";

/** Messages between ShapPool and its workers (structured-cloned; typed arrays are transferred). */

export interface WorkerSetup {
  booster: Booster;
  options: ShapExplainerOptions;
}

export type TaskKind = "contributions" | "interactions";

export interface TaskMessage {
  id: number;
  kind: TaskKind;
  algorithm: ShapAlgorithm;
  data: Float64Array;
  numRows: number;
  numFeatures: number;
}

export type WorkerReply =
  | { type: "ready" }
  | { type: "setup-failed"; name: string; message: string }
  | { type: "done"; id: number; values: Float64Array }
  | { type: "failed"; id: number; name: string; message: string };
