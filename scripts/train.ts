import fs from "node:fs";
import path from "node:path";
import { exportParticipantsCsv } from "../lib/data/export/export-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { lastFlag, listFlag, numberFlag, paramFlags, parseArgs } from "../lib/cli/args";
import { trainingProgressRecorder } from "../lib/ml/versions/training-progress";
import { ProgressBar } from "../lib/cli/progress";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import type { Db } from "../lib/db/client";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";

const USAGE = `usage: npm run train -- --data <csv> --label <column> [--categorical a,b] [--numeric c,d] [--ignore e,f]
                        [--param key=value ...] [--valid-fraction 0.2] [--version name] [--promote]
       npm run train -- --from-database [--param key=value ...] [--version name] [--promote]
         (the churn model on the database's participants with a known outcome, as npm start trains it)`;

runCommand("training", async () => {
  const args = parseArgs(process.argv.slice(2), {
    values: ["data", "label", "categorical", "numeric", "ignore", "param", "valid-fraction", "version"],
    switches: ["promote", "help", "from-database"],
  });
  const fromDatabase = args.flags.has("from-database");
  const dataFlag = lastFlag(args, "data");
  const label = fromDatabase ? CLINICAL_TRAINING.label : lastFlag(args, "label");
  const complete = fromDatabase ? dataFlag === undefined : dataFlag !== undefined;
  if (args.flags.has("help") || !complete || !label) {
    console.error(USAGE);
    return args.flags.has("help") ? 0 : 2;
  }
  const bar = new ProgressBar("train", 0);
  const version = lastFlag(args, "version");
  return withDatabase(async (db) => {
    if (!fromDatabase) return train(db, dataFlag as string, label);
    // A snapshot of the labelled participants, so training reads a fixed set while imports go on.
    const snapshot = path.resolve("data", "tmp", `training-${process.pid}-${Date.now()}.csv`);
    try {
      const rows = await exportParticipantsCsv(db.prisma, snapshot, { churned: { not: null } });
      console.error(`exported ${rows.toLocaleString("en-US")} participants with a known outcome`);
      return await train(db, snapshot, label);
    } finally {
      fs.rmSync(snapshot, { force: true });
    }
  });

  async function train(db: Db, data: string, label: string): Promise<number> {
    // A named (background) run reports its progress on its version row for pollers.
    const progress = version ? trainingProgressRecorder(db.url, version) : null;
    const meta = await trainModel(
      db,
      {
        source: { path: path.resolve(data) },
        label,
        categorical: fromDatabase ? CLINICAL_TRAINING.categorical : listFlag(args, "categorical"),
        numeric: listFlag(args, "numeric"),
        ignore: fromDatabase ? CLINICAL_TRAINING.ignore : listFlag(args, "ignore"),
        params: fromDatabase ? { ...CLINICAL_DEFAULT_PARAMS, ...paramFlags(args) } : paramFlags(args),
        validFraction: numberFlag(args, "valid-fraction", 0.2),
        version,
        versionPrefix: fromDatabase ? "churn" : undefined,
      },
      (e) => {
        if (e.kind === "loaded") {
          console.error(`loaded ${e.rows.toLocaleString("en-US")} rows, ${e.features} features${e.ignored.length ? `; ignored: ${e.ignored.join(", ")}` : ""}`);
          for (const w of e.warnings) console.error(`warning: ${w}`);
        } else if (e.kind === "started") {
          console.error(`version ${e.version}: ${e.trainRows.toLocaleString("en-US")} training rows, ${e.validationRows.toLocaleString("en-US")} held out`);
          bar.setTotal(e.iterations);
        } else if (e.kind === "iteration") {
          bar.update(e.iteration, e.validLogloss === undefined ? "" : `valid logloss ${e.validLogloss.toFixed(5)}`);
          progress?.record(e.iteration / e.total);
        }
      },
    );
    progress?.close();
    bar.done(`${meta.training?.numTrees} trees (best iteration ${meta.training?.bestIteration})`);
    const m = meta.metrics;
    if (m) {
      console.log(
        `held-out: ROC AUC ${m.rocAuc?.toFixed(4)}, PR AUC ${m.averagePrecision?.toFixed(4)}, log loss ${m.logLoss.toFixed(4)}, ` +
          `Brier ${m.brierScore.toFixed(4)}, accuracy ${m.atThreshold.accuracy.toFixed(4)}, F1 ${m.atThreshold.f1.toFixed(4)} at ${m.atThreshold.threshold}`,
      );
    }
    console.log(`model ${meta.version} written to models/${meta.version}/ (model.txt, model.onnx, model.json)`);
    if (args.flags.has("promote")) {
      await promoteVersion(db.prisma, meta.version);
      console.log(`model ${meta.version} is now served`);
    }
    return 0;
  }
});
