import fs from "node:fs";
import path from "node:path";
import type { Booster } from "../model/types";
import { parseDriftReference, type DriftReference } from "../../drift";
import type { GlobalExplanations } from "../explain/global-explanations";
import type { ModelMetadata } from "./model-metadata";

export const MODEL_TEXT_FILE = "model.txt";
export const MODEL_ONNX_FILE = "model.onnx";
export const MODEL_JSON_FILE = "model.json";
export const EXPLANATIONS_FILE = "explanations.json";
export const DRIFT_REFERENCE_FILE = "drift-reference.json";

const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** Root folder of model versions: `MODELS_DIR` or `models/` under the working directory. */
export function modelsRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.MODELS_DIR?.trim() || "models");
}

export function assertVersionName(version: string): void {
  if (!VERSION_RE.test(version)) {
    throw new Error(`Invalid model version "${version}": use 1-80 letters, digits, '_', '.' or '-', starting with a letter or digit.`);
  }
}

export function versionDir(version: string, root: string = modelsRoot()): string {
  assertVersionName(version);
  return path.join(root, version);
}

/** A fresh version name from the clock, unique within `root`. */
export function newVersionName(prefix: string, root: string = modelsRoot(), now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  let name = `${prefix}-${stamp}`;
  for (let i = 2; fs.existsSync(path.join(root, name)); i++) name = `${prefix}-${stamp}-${i}`;
  return name;
}

export interface ModelArtifacts {
  modelText: string;
  onnx: Uint8Array;
  metadata: ModelMetadata;
  explanations?: GlobalExplanations;
  driftReference?: DriftReference;
}

/**
 * Writes a version's files into a temporary sibling folder and renames it into place, so a
 * version folder either holds a complete set of artifacts or does not exist.
 */
export function writeModelArtifacts(artifacts: ModelArtifacts, root: string = modelsRoot()): string {
  const dir = versionDir(artifacts.metadata.version, root);
  if (fs.existsSync(dir)) throw new Error(`Model version ${artifacts.metadata.version} already exists in ${root}`);
  fs.mkdirSync(root, { recursive: true });
  const tmp = `${dir}.partial-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  try {
    fs.writeFileSync(path.join(tmp, MODEL_TEXT_FILE), artifacts.modelText);
    fs.writeFileSync(path.join(tmp, MODEL_ONNX_FILE), artifacts.onnx);
    fs.writeFileSync(path.join(tmp, MODEL_JSON_FILE), `${JSON.stringify(artifacts.metadata, null, 2)}\n`);
    if (artifacts.explanations) fs.writeFileSync(path.join(tmp, EXPLANATIONS_FILE), JSON.stringify(artifacts.explanations));
    if (artifacts.driftReference) fs.writeFileSync(path.join(tmp, DRIFT_REFERENCE_FILE), JSON.stringify(artifacts.driftReference));
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  return dir;
}

export function readModelMetadata(version: string, root: string = modelsRoot()): ModelMetadata {
  const file = path.join(versionDir(version, root), MODEL_JSON_FILE);
  if (!fs.existsSync(file)) throw new Error(`Model version ${version} has no ${MODEL_JSON_FILE} in ${path.dirname(file)}`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as ModelMetadata;
}

export function readModelText(version: string, root: string = modelsRoot()): string {
  const file = path.join(versionDir(version, root), MODEL_TEXT_FILE);
  if (!fs.existsSync(file)) throw new Error(`Model version ${version} has no tree structure (${MODEL_TEXT_FILE} missing in ${path.dirname(file)})`);
  return fs.readFileSync(file, "utf8");
}

/** Stored global explanations of a version, or null when none were computed. */
export function readGlobalExplanations(version: string, root: string = modelsRoot()): GlobalExplanations | null {
  const file = path.join(versionDir(version, root), EXPLANATIONS_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as GlobalExplanations) : null;
}

/** The training-data distribution a version's drift reports compare against, or null for models without data. */
export function readDriftReference(version: string, root: string = modelsRoot()): DriftReference | null {
  const file = path.join(versionDir(version, root), DRIFT_REFERENCE_FILE);
  return fs.existsSync(file) ? parseDriftReference(JSON.parse(fs.readFileSync(file, "utf8"))) : null;
}

/** Replaces a version's global explanations (atomic rename, so readers never see half a file). */
export function writeGlobalExplanations(version: string, explanations: GlobalExplanations, root: string = modelsRoot()): void {
  const file = path.join(versionDir(version, root), EXPLANATIONS_FILE);
  const tmp = `${file}.partial-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(explanations));
  fs.renameSync(tmp, file);
}

export type { Booster };
