import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client";
import { exportParticipantsCsv } from "../../data/export/export-participants";
import type { ParamValue } from "../artifacts/model-metadata";
import { newVersionName } from "../artifacts/model-store";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../clinical-model";
import { parseTrainParams } from "../train";
import { failVersion, queueVersion } from "../versions/registry";
import type { AuditContext } from "../../audit/audit-trail";

/**
 * Starts training a churn model on the database's labelled participants in a separate process
 * (the `npm run train` command), so the request that asked for it returns at once with the
 * version to watch: it is "queued", then "training", then "ready" or "failed".
 */
export async function startBackgroundTraining(db: Db, params: Record<string, ParamValue> = {}, audit?: AuditContext): Promise<string> {
  const merged = { ...CLINICAL_DEFAULT_PARAMS, ...params };
  parseTrainParams(merged); // bad parameters fail here, before anything is written
  const version = newVersionName("churn");
  const snapshot = path.resolve("data", "tmp", `training-${version}.csv`);
  const rows = await exportParticipantsCsv(db.prisma, snapshot, { churned: { not: null } });
  if (rows < 100) {
    fs.rmSync(snapshot, { force: true });
    throw new RangeError(`only ${rows} participants have a known outcome; at least 100 are needed to train`);
  }
  await queueVersion(db.prisma, version, merged, audit);
  const args = [
    "--import", "tsx", path.resolve("scripts", "train.ts"),
    "--data", snapshot, "--label", CLINICAL_TRAINING.label,
    "--categorical", (CLINICAL_TRAINING.categorical ?? []).join(","),
    "--ignore", (CLINICAL_TRAINING.ignore ?? []).join(","),
    "--version", version,
    ...Object.entries(merged).flatMap(([k, v]) => ["--param", `${k}=${v}`]),
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: db.url }, stdio: "ignore", detached: true });
  child.on("exit", (code) => {
    fs.rmSync(snapshot, { force: true });
    // The command records its own failures; this covers a crash before it could.
    if (code !== 0) void failVersion(db.prisma, version, `training process exited with code ${code}`).catch(() => undefined);
  });
  child.unref();
  return version;
}
