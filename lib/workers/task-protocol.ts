/** Messages between ./task-runner.ts and ./task-worker.ts. */
export interface TaskRequest {
  id: number;
  task: string;
  args: unknown;
}

/** An error as it crosses threads: its class name, message and any data fields it carries. */
export interface SerializedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
