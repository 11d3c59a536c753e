import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "../../db/client";
import { MODEL_JSON_FILE, modelsRoot, versionDir } from "./model-store";

/**
 * A version's files live in two places: its folder under MODELS_DIR (what scoring reads) and the
 * ModelArtifact table (what every instance shares). Versions are stored in the database when they
 * become ready, and copied back into a local folder on first use by an instance that lacks them,
 * e.g. an app instance on another host than the training run, or a fresh container.
 */

/** A version folder's files as ModelArtifact rows (none when the folder does not exist). */
export function artifactRows(version: string, modelVersionId: number, root: string = modelsRoot()): Array<{ modelVersionId: number; name: string; content: Uint8Array<ArrayBuffer> }> {
  const dir = versionDir(version, root);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ modelVersionId, name: e.name, content: new Uint8Array(fs.readFileSync(path.join(dir, e.name))) }));
}

/**
 * Makes sure a version's folder exists locally, writing it from the database when missing.
 * Returns whether files were written. A version with nothing stored is left alone: reading it
 * then fails with the usual "missing file" message.
 */
export async function ensureLocalArtifacts(prisma: PrismaClient, version: string, root: string = modelsRoot()): Promise<boolean> {
  const dir = versionDir(version, root);
  if (fs.existsSync(path.join(dir, MODEL_JSON_FILE))) return false;
  const files = await prisma.modelArtifact.findMany({ where: { modelVersion: { version } }, select: { name: true, content: true } });
  if (files.length === 0) return false;
  fs.mkdirSync(root, { recursive: true });
  // Written beside the target and renamed into place, so a reader (or another process doing the
  // same) never sees half a version.
  const tmp = `${dir}.partial-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  fs.mkdirSync(tmp);
  try {
    for (const f of files) fs.writeFileSync(path.join(tmp, path.basename(f.name)), f.content);
    fs.renameSync(tmp, dir);
    return true;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    // Another process materialised it first: fine.
    if (fs.existsSync(path.join(dir, MODEL_JSON_FILE))) return false;
    throw err;
  }
}
