import type { Prisma, PrismaClient } from "../../db/client";
import type { ModelMetadata } from "../artifacts/model-metadata";
import { artifactRows, ensureLocalArtifacts } from "../artifacts/artifact-sync";
import { readModelMetadata, readModelText, versionDir } from "../artifacts/model-store";
import { parseModelText } from "../model/text-reader";
import { ParticipantEncoder } from "../../scoring/participant-encoder";
import { publishPromotion } from "../../scoring/promotion-channel";
import { auditCreate, type AuditContext } from "../../audit/audit-trail";
import { cliPrincipal } from "../../auth/principal";
import { loadModel } from "../../scoring/loaded-model";
import { predictProbaMatrix } from "../model/predict";
import { runOnnxOutput } from "../onnx/run-onnx";

export interface VersionSummary {
  version: string;
  status: string;
  source: string;
  isServed: boolean;
  createdAt: Date;
  finishedAt: Date | null;
  rocAuc: number | null;
  logLoss: number | null;
  error: string | null;
}

function toJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/**
 * Registers a version whose training has started, so that it can be watched. A version queued
 * by a background request (status "queued") is taken over; any other existing version is an error.
 */
export async function startVersion(
  prisma: PrismaClient,
  version: string,
  source: ModelMetadata["source"],
  parameters: ModelMetadata["parameters"],
): Promise<void> {
  const data = { source, status: "training", parameters: toJson(parameters), artifactDir: versionDir(version), startedAt: new Date() };
  const taken = await prisma.modelVersion.updateMany({ where: { version, status: "queued" }, data });
  if (taken.count === 0) await prisma.modelVersion.create({ data: { version, ...data } });
}

/** Reserves a version for a training run that another process will perform. */
export async function queueVersion(prisma: PrismaClient, version: string, parameters: ModelMetadata["parameters"], audit: AuditContext = { who: cliPrincipal() }): Promise<void> {
  await prisma.$transaction([
    prisma.modelVersion.create({ data: { version, source: "trained", status: "queued", parameters: toJson(parameters), artifactDir: versionDir(version) } }),
    auditCreate(prisma, audit, { action: "model.train", target: version, after: { status: "queued", parameters: toJson(parameters) } }),
  ]);
}

/**
 * Marks a version ready once all of its artifacts are on disk, storing them in the database in the
 * same transaction: a version other instances see as ready can be loaded by all of them.
 */
export async function completeVersion(prisma: PrismaClient, metadata: ModelMetadata, audit: AuditContext = { who: cliPrincipal() }): Promise<void> {
  const data = {
    status: "ready",
    source: metadata.source,
    parameters: toJson(metadata.parameters),
    metrics: metadata.metrics ? toJson(metadata.metrics) : undefined,
    dataFingerprint: metadata.dataFingerprint,
    artifactDir: versionDir(metadata.version),
    finishedAt: new Date(),
    error: null,
  };
  await prisma.$transaction(async (tx) => {
    const row = await tx.modelVersion.upsert({
      where: { version: metadata.version },
      create: { version: metadata.version, startedAt: new Date(), ...data },
      update: data,
      select: { id: true },
    });
    await tx.modelArtifact.deleteMany({ where: { modelVersionId: row.id } });
    const files = artifactRows(metadata.version, row.id);
    if (files.length > 0) await tx.modelArtifact.createMany({ data: files });
    await auditCreate(tx, audit, {
      action: metadata.source === "trained" ? "model.train" : "model.import",
      target: metadata.version,
      after: { status: "ready", source: metadata.source, metrics: metadata.metrics ? toJson(metadata.metrics) : null },
    });
  });
}

export async function failVersion(prisma: PrismaClient, version: string, error: string): Promise<void> {
  await prisma.modelVersion.updateMany({ where: { version }, data: { status: "failed", error, finishedAt: new Date() } });
}

export async function listVersions(prisma: PrismaClient): Promise<VersionSummary[]> {
  const rows = await prisma.modelVersion.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map((r) => {
    const metrics = (r.metrics ?? null) as { rocAuc?: number | null; logLoss?: number | null } | null;
    return {
      version: r.version,
      status: r.status,
      source: r.source,
      isServed: r.isServed,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      rocAuc: metrics?.rocAuc ?? null,
      logLoss: metrics?.logLoss ?? null,
      error: r.error,
    };
  });
}

export async function servedVersion(prisma: PrismaClient): Promise<string | null> {
  const row = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { version: true } });
  return row?.version ?? null;
}

/**
 * Makes `version` the served model. Its artifacts are loaded and checked first; a version that
 * is not ready, whose files are missing or corrupt, or whose features are not participant columns
 * is refused and the current one keeps serving. Every app instance switches within seconds: at
 * once when REDIS_URL is set (the promotion is announced on Redis), else by its 2 s version check.
 */
/** Serves `version` after checking its files; recorded in the audit trail (by the CLI user unless `audit` says who). */
export async function promoteVersion(prisma: PrismaClient, version: string, audit: AuditContext = { who: cliPrincipal() }): Promise<void> {
  const row = await prisma.modelVersion.findUnique({ where: { version } });
  if (!row) throw new Error(`Unknown model version "${version}". See npm run models:list.`);
  if (row.status !== "ready") throw new Error(`Model version ${version} is ${row.status}, not ready: it cannot be served.`);
  await ensureLocalArtifacts(prisma, version);
  const metadata = readModelMetadata(version);
  const booster = parseModelText(readModelText(version));
  if (booster.featureNames.join("\u0000") !== metadata.features.map((f) => f.name).join("\u0000")) {
    throw new Error(`Model version ${version} is inconsistent: model.txt features (${booster.featureNames.join(", ")}) differ from model.json's.`);
  }
  // Served models score participants: every feature must be a participant column.
  new ParticipantEncoder(metadata.features);
  await checkServable(prisma, version);
  const previous = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { version: true } });
  await prisma.$transaction([
    prisma.modelVersion.updateMany({ where: { isServed: true }, data: { isServed: false } }),
    prisma.modelVersion.update({ where: { version }, data: { isServed: true } }),
    auditCreate(prisma, audit, { action: "model.promote", target: version, before: { served: previous?.version ?? null }, after: { served: version } }),
  ]);
  await publishPromotion(version);
}

/** Largest difference allowed between onnxruntime and our tree evaluation (float32 exports). */
const PROBE_TOLERANCE = 1e-4;
const PROBE_ROWS = 8;

/**
 * Loads the version exactly as the server will (ONNX session included) and scores a few probe
 * rows with onnxruntime and with the trees of model.txt: a garbled or truncated model.onnx, or one
 * exported from other trees or for other features, fails here with the reason, before anything is
 * switched.
 */
async function checkServable(prisma: PrismaClient, version: string): Promise<void> {
  let model;
  try {
    model = await loadModel(prisma, version);
  } catch (err) {
    throw new Error(`Model version ${version} cannot be loaded, so it is not served: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  try {
    const width = model.encoder.width;
    // Deterministic values: small integers (category codes), larger ones and missing values, all
    // exact in float32 so that a float export sees the same numbers as the trees.
    const probe = new Float64Array(PROBE_ROWS * width);
    for (let r = 0; r < PROBE_ROWS; r++) for (let f = 0; f < width; f++) probe[r * width + f] = r === 0 ? Number.NaN : ((r * 7 + f * 3) % 11) * (r % 2 === 0 ? 1 : 37.5);
    let onnx: Float64Array;
    try {
      onnx = await runOnnxOutput(model.session, probe, PROBE_ROWS, width);
    } catch (err) {
      throw new Error(`Model version ${version}: model.onnx does not score ${width} features: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const trees = predictProbaMatrix(model.booster, probe, PROBE_ROWS, width);
    for (let r = 0; r < PROBE_ROWS; r++) {
      if (!(Math.abs(onnx[r] - trees[r]) <= PROBE_TOLERANCE)) {
        throw new Error(`Model version ${version} is inconsistent: model.onnx and model.txt disagree (probability ${onnx[r]} vs ${trees[r]} on probe row ${r}), so it is not served.`);
      }
    }
  } finally {
    await model.session.release();
  }
}
