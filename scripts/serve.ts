/**
 * The application server: one Node process, one port. `/api/graphql` is answered by Apollo Server
 * directly over Node's request objects (graphql/http-handler.ts); every other path (pages, REST
 * routes, static files) goes to Next.js. Used by `npm start` (production) and `npm run dev`.
 *
 *   tsx scripts/serve.ts [--dev] [-p PORT] [-H HOST]
 *
 * Why not plain `next start`: on a 2-core machine Next's route layer tops out near 900 requests a
 * second for an empty JSON route, below what the API must serve (README, "API speed").
 */
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H", default: process.env.HOSTNAME ?? "0.0.0.0" },
  },
});
const dev = values.dev ?? false;
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port number, got "${values.port}"`);
const hostname = values.hostname ?? "0.0.0.0";
// Next reads NODE_ENV when its modules load, so it is set before they are imported.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const GRAPHQL_PATH = "/api/graphql";

function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith(GRAPHQL_PATH)) return false;
  const rest = url.slice(GRAPHQL_PATH.length);
  return rest === "" || rest === "/" || rest.startsWith("?") || rest.startsWith("/?");
}

/** Rate limits apply to the API (GraphQL and REST); health checks of load balancers are exempt. */
function isLimitedPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/api/") && !url.startsWith("/api/health");
}

async function main(): Promise<void> {
  const { default: createNext } = await import("next");
  const { applyRateLimit, getRateLimits } = await import("../lib/http/rate-limit");
  const { securityHeaders } = await import("../lib/http/security-headers.mjs");
  const { createContext } = await import("../graphql/context");
  const { createApolloServer } = await import("../graphql/server");
  const { createGraphQLHttpHandler } = await import("../graphql/http-handler");

  const app = createNext({ dev, hostname, port, dir: process.cwd() });
  const handleNext = app.getRequestHandler();
  // Created before Next serves anything, so pages, REST routes and GraphQL share one served model,
  // one cache and one micro-batcher.
  const shared = createContext();
  const handleGraphQL = createGraphQLHttpHandler(createApolloServer(), async () => createContext(shared.db));
  await app.prepare();
  // Per API key and per address, in Redis when REDIS_URL is set (README, "Rate limits and security headers").
  const limits = getRateLimits();

  const route = (req: http.IncomingMessage, res: http.ServerResponse, graphql: boolean) => (graphql ? handleGraphQL(req, res) : handleNext(req, res));
  const limited = async (req: http.IncomingMessage, res: http.ServerResponse, graphql: boolean): Promise<void> => {
    // Never throws and never waits longer than the Redis command timeout (it counts in memory then).
    if (await applyRateLimit(limits, req, res, graphql, securityHeaders("api"))) return;
    return route(req, res, graphql);
  };

  const server = http.createServer((req, res) => {
    const graphql = isGraphQLPath(req.url);
    const work = isLimitedPath(req.url) ? limited(req, res, graphql) : route(req, res, graphql);
    work.catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) {
        res.writeHead(500, { ...securityHeaders("api"), "content-type": "application/json" });
        res.end(JSON.stringify({ errors: [{ message: "internal server error" }] }));
      } else res.destroy();
    });
  });
  // Keep-alive longer than typical load balancers' idle timeouts, so they never reuse a closed socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  if (dev) {
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  }
  server.listen(port, hostname, () => {
    console.log(`      ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : "production"})`);
  });
  await shared.served.get().catch((err: unknown) => console.error(`model: ${err instanceof Error ? err.message : String(err)}`));
  // A database that has never had its dashboard figures computed gets them now, on the task worker.
  const { warmDashboardSnapshots } = await import("../lib/dashboard/snapshot-refresh");
  void warmDashboardSnapshots(shared.db.prisma);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    // Pending cache writes and prediction log entries are written before the process goes.
    void Promise.allSettled([limits.close(), shared.cache.close(), shared.predictionLog?.close(), shared.served.close()]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
