import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { landingPageNonce, securityHeaders } from "../lib/http/security-headers.mjs";

/**
 * Largest GraphQL request body accepted: a `predictBatch` of 10,000 participants is about 5 MB of
 * JSON, so 16 MiB leaves room without letting one client fill the memory.
 */
export const DEFAULT_MAX_GRAPHQL_BODY_BYTES = 16 * 1024 * 1024;

export function maxGraphQLBodyBytes(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.GRAPHQL_MAX_BODY_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_GRAPHQL_BODY_BYTES;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1024) throw new Error(`GRAPHQL_MAX_BODY_BYTES must be a whole number of bytes >= 1024, got "${raw}"`);
  return value;
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) return Promise.reject(new BodyError(413, `request body too large: ${declared} bytes, the limit is ${limit}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyError(413, `request body too large: more than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks, size).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text.length === 0) return undefined;
  if (contentType?.toLowerCase().startsWith("application/json") || contentType?.toLowerCase().startsWith("application/graphql-response+json")) {
    try {
      return JSON.parse(text);
    } catch {
      throw new BodyError(400, "request body is not valid JSON");
    }
  }
  // Apollo rejects other content types itself with a message that names the accepted ones.
  return text;
}

function headerMapOf(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: status === 413 ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST" } }] });
  res.writeHead(status, { ...securityHeaders("api"), "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Serves an Apollo Server over Node's own request and response objects. Next.js route handlers
 * cost about a millisecond of routing and Web-stream conversion per request on this hardware, more
 * than a cached prediction itself, so the production server hands `/api/graphql` straight here.
 */
export function createGraphQLHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: IncomingMessage) => Promise<TContext>,
  options: { maxBodyBytes?: number } = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = options.maxBodyBytes ?? maxGraphQLBodyBytes();
  server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  return async (req, res) => {
    let body: unknown;
    try {
      body = req.method === "POST" ? parseBody(await readBody(req, limit), req.headers["content-type"]) : undefined;
    } catch (err) {
      if (err instanceof BodyError) sendError(res, err.status, err.message);
      else sendError(res, 400, "could not read the request body");
      return;
    }
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers: headerMapOf(req), search: q >= 0 ? url.slice(q) : "", body },
      context: () => context(req),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of response.headers) headers[name] = value;
    // JSON answers get the API policy; Apollo's landing page (HTML) its own, with the page's nonce.
    const html = headers["content-type"]?.startsWith("text/html") ?? false;
    const pageNonce = html && response.body.kind === "complete" ? landingPageNonce(response.body.string) : null;
    Object.assign(headers, securityHeaders(html ? "apollo-landing" : "api", { nonce: pageNonce }));
    if (response.body.kind === "complete") {
      headers["content-length"] = String(Buffer.byteLength(response.body.string));
      res.writeHead(response.status ?? 200, headers);
      res.end(response.body.string);
      return;
    }
    res.writeHead(response.status ?? 200, headers);
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
