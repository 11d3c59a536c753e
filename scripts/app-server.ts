import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

/**
 * A TCP port nobody listens on right now, on loopback. `avoid` names a service's standard port
 * (PostgreSQL's 5432, Redis's 6379) that a throwaway instance must never take, so the machine's
 * own service is never touched.
 */
export async function freePort(avoid?: number): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
      });
    });
    if (port !== 0 && port !== avoid) return port;
  }
}

export interface AppServer {
  baseUrl: string;
  process: ChildProcess;
  stop(): void;
}

export interface AppServerOptions {
  /** Extra arguments of scripts/serve.ts, e.g. ["--api-only"] (no Next.js build needed then). */
  args?: string[];
  /** Where the server's output goes; default: discarded. */
  stdio?: "ignore" | "inherit";
}

/**
 * Starts the production server (scripts/serve.ts) on a free loopback port with extra environment
 * variables, and resolves once `/api/health` answers 200. For benchmarks and tests; the build must
 * exist unless `--api-only` is among the arguments.
 */
export async function startAppServer(env: Record<string, string>, timeoutMs = 120_000, options: AppServerOptions = {}): Promise<AppServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1", ...(options.args ?? [])], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
    stdio: options.stdio ?? "ignore",
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () => void child.kill("SIGTERM");
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return { baseUrl, process: child, stop };
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > until) {
      stop();
      throw new Error(`server did not answer ${baseUrl}/api/health within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
