import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { freePort } from "../../scripts/app-server";
import os from "node:os";
import path from "node:path";

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server by PID and waits for it to exit; restart() brings it back. */
  stop(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  restart(): Promise<void>;
  /** SIGSTOP/SIGCONT: the socket stays open but nothing answers, i.e. a "slow" Redis. */
  pause(): void;
  resume(): void;
}

const REDIS_DEFAULT_PORT = 6379;

function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

async function waitForPing(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited early with code ${child.exitCode}`);
    if (await pingOnce(port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If the test process dies without afterAll, do not leave servers behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const proc of live) {
      if (proc.pid) {
        try {
          process.kill(proc.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
}

/**
 * A throwaway redis-server with no persistence, its own port and its own
 * working directory, so tests never see state from the machine's Redis or
 * from an earlier run.
 */
export async function startRedisServer(): Promise<TestRedis> {
  installExitHook();
  // Never 6379, so a local instance is never touched.
  const port = await freePort(REDIS_DEFAULT_PORT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-redis-"));
  let child: ChildProcess | null = null;

  const launch = async () => {
    fs.mkdirSync(dir, { recursive: true });
    const proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no"],
      { stdio: "ignore" },
    );
    child = proc;
    live.add(proc);
    proc.once("exit", () => live.delete(proc));
    await waitForPing(port, proc);
  };

  const stop = async () => {
    const proc = child;
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) {
      // A stopped (paused) process only acts on SIGTERM after SIGCONT.
      process.kill(proc.pid, "SIGCONT");
      process.kill(proc.pid, "SIGTERM");
      if (!(await waitForExit(proc, 5_000))) {
        process.kill(proc.pid, "SIGKILL");
        await waitForExit(proc, 5_000);
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const signal = (name: NodeJS.Signals) => {
    const proc = child;
    if (proc?.pid && proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, name);
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    pause: () => signal("SIGSTOP"),
    resume: () => signal("SIGCONT"),
  };
}
