import { InvalidParticipantInput } from "../scoring/validate-participant";

/** Largest JSON body the REST routes accept (10,000 participants fit well within it). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function readJson(req: Request): Promise<unknown> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new HttpError(413, `request body too large: ${length} bytes, at most ${MAX_BODY_BYTES}`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, `request body too large: at most ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "request body must be JSON");
  }
}

/**
 * Runs a JSON route: the handler's value as 200 JSON; bad input as 400 with the problems named;
 * anything unexpected as a 500 without internals.
 */
export async function jsonRoute(work: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await work());
  } catch (err) {
    if (err instanceof HttpError) return Response.json({ error: err.message, details: err.details ?? null }, { status: err.status });
    if (err instanceof InvalidParticipantInput) return Response.json({ error: err.message, problems: err.problems }, { status: 400 });
    if (err instanceof RangeError || err instanceof TypeError) return Response.json({ error: err.message }, { status: 400 });
    console.error(err);
    return Response.json({ error: "internal error" }, { status: 500 });
  }
}

export function requireObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new HttpError(400, `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
