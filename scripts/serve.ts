/**
 * The application server: one Node process, one port. `/api/graphql` is answered by Apollo Server
 * directly over Node's request objects (graphql/http-handler.ts); every other path (pages, REST
 * routes, static files) goes to Next.js. Used by `npm start` (production) and `npm run dev`.
 *
 *   tsx scripts/serve.ts [--dev | --api-only] [-p PORT] [-H HOST]
 *
 * `--api-only` serves `/api/graphql` and `/api/health` without Next.js (no build needed): for
 * API-only instances behind a load balancer, and for tests that start several instances.
 *
 * With REDIS_URL set, the instance subscribes to model promotions (lib/scoring/promotion-channel.ts)
 * and switches to a newly promoted version at once; without it, within the 2 s version check.
 *
 * Why not plain `next start`: on a 2-core machine Next's route layer tops out near 900 requests a
 * second for an empty JSON route, below what the API must serve (README, "API speed").
 */
import http from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    "api-only": { type: "boolean", default: false },
    port: { type: "string", short: "p", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", short: "H", default: process.env.HOSTNAME ?? "0.0.0.0" },
  },
});
const dev = values.dev ?? false;
const apiOnly = values["api-only"] ?? false;
if (dev && apiOnly) throw new Error("--dev and --api-only exclude each other");
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a TCP port number, got "${values.port}"`);
const hostname = values.hostname ?? "0.0.0.0";
// Next reads NODE_ENV when its modules load, so it is set before they are imported.
(process.env as Record<string, string>).NODE_ENV = dev ? "development" : "production";
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const GRAPHQL_PATH = "/api/graphql";
const HEALTH_PATH = "/api/health";

function isGraphQLPath(url: string | undefined): boolean {
  if (!url?.startsWith(GRAPHQL_PATH)) return false;
  const rest = url.slice(GRAPHQL_PATH.length);
  return rest === "" || rest === "/" || rest.startsWith("?") || rest.startsWith("/?");
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

/** Rate limits apply to the API (GraphQL and REST); health checks of load balancers are exempt. */
function isLimitedPath(url: string | undefined): boolean {
  return url !== undefined && url.startsWith("/api/") && !url.startsWith("/api/health");
}

async function main(): Promise<void> {
  const { createContext, authenticatedContext } = await import("../graphql/context");
  const { requestHeadersOf } = await import("../lib/auth/authenticate");
  const { applyRateLimit, getRateLimits } = await import("../lib/http/rate-limit");
  const { securityHeaders } = await import("../lib/http/security-headers.mjs");
  const { createApolloServer } = await import("../graphql/server");
  const { createGraphQLHttpHandler } = await import("../graphql/http-handler");
  const { listenForPromotions } = await import("../lib/scoring/promotion-channel");

  // Created before Next serves anything, so pages, REST routes and GraphQL share one served model,
  // one cache and one micro-batcher.
  const shared = createContext();
  const handleGraphQL = createGraphQLHttpHandler(createApolloServer(), (req) => authenticatedContext(shared.db, req.method ?? "GET", requestHeadersOf(req.headers)));
  const promotions = listenForPromotions(shared.served, shared.cache);

  let handleOther: Handler;
  let upgrade: ReturnType<import("next/dist/server/next").NextServer["getUpgradeHandler"]> | null = null;
  if (apiOnly) {
    const { healthBody } = await import("../lib/http/rest-service");
    handleOther = async (req, res) => {
      const url = req.url ?? "";
      if (url === HEALTH_PATH || url.startsWith(`${HEALTH_PATH}?`)) {
        const body = await healthBody(shared.db, shared.served, shared.cache);
        res.writeHead(body.status === "ok" ? 200 : 503, { ...securityHeaders("api"), "content-type": "application/json" });
        res.end(JSON.stringify(body));
        return;
      }
      res.writeHead(404, { ...securityHeaders("api"), "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not found: this instance serves /api/graphql and /api/health only (--api-only)" }));
    };
  } else {
    const { default: createNext } = await import("next");
    const app = createNext({ dev, hostname, port, dir: process.cwd() });
    const handleNext = app.getRequestHandler();
    await app.prepare();
    handleOther = (req, res) => handleNext(req, res);
    if (dev) upgrade = app.getUpgradeHandler();
  }

  // Per API key and per address, in Redis when REDIS_URL is set (README, "Rate limits and security headers").
  const limits = getRateLimits();
  const route = (req: http.IncomingMessage, res: http.ServerResponse, graphql: boolean) => (graphql ? handleGraphQL(req, res) : handleOther(req, res));
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
  if (upgrade) {
    const handleUpgrade = upgrade;
    server.on("upgrade", (req, socket, head) => void handleUpgrade(req, socket, head));
  }
  server.listen(port, hostname, () => {
    console.log(`      ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port} (${dev ? "development" : apiOnly ? "production, API only" : "production"})`);
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
    void Promise.allSettled([limits.close(), shared.cache.close(), shared.predictionLog?.close(), shared.served.close(), promotions?.close()]).then(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
  console.error(`server failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
