import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

/** Everything that changes what `next build` produces. */
const INPUTS = ["app", "graphql", "lib", "public", "prisma/schema.prisma", "next.config.mjs", "tsconfig.json", "package-lock.json"];
const SKIP_DIRS = new Set(["node_modules", ".next", "generated"]);
export const FINGERPRINT_FILE = path.join(".next", "retain-build-fingerprint");

function walk(entry: string, out: string[]): void {
  if (!fs.existsSync(entry)) return;
  const stat = fs.statSync(entry);
  if (stat.isFile()) {
    out.push(entry);
    return;
  }
  for (const child of fs.readdirSync(entry).sort()) {
    if (!SKIP_DIRS.has(child)) walk(path.join(entry, child), out);
  }
}

export function buildFingerprint(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(input, files);
  const hash = crypto.createHash("sha256");
  for (const f of files) {
    hash.update(f);
    hash.update("\0");
    hash.update(fs.readFileSync(f));
    hash.update("\0");
  }
  return hash.digest("hex");
}

export function buildIsCurrent(fingerprint: string): boolean {
  return (
    fs.existsSync(path.join(".next", "BUILD_ID")) &&
    fs.existsSync(FINGERPRINT_FILE) &&
    fs.readFileSync(FINGERPRINT_FILE, "utf8").trim() === fingerprint
  );
}

/** Runs `next build` unless the last build came from the same sources. Returns whether it built. */
export function ensureBuild(log: (msg: string) => void): boolean {
  const fingerprint = buildFingerprint();
  if (buildIsCurrent(fingerprint)) return false;
  log("sources changed, running next build");
  const nextBin = path.resolve("node_modules", "next", "dist", "bin", "next");
  const result = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  // Next may rewrite tsconfig.json during its first build: fingerprint what the build saw last.
  fs.writeFileSync(FINGERPRINT_FILE, buildFingerprint());
  return true;
}
