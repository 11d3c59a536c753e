import path from "node:path";
import { lastFlag, listFlag, numberFlag, paramFlags, parseArgs } from "../lib/cli/args";
import { trainingProgressRecorder } from "../lib/ml/versions/training-progress";
import { ProgressBar } from "../lib/cli/progress";
import { runCommand, withDatabase } from "../lib/cli/run-command";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";

const USAGE = `usage: npm run train -- --data <csv> --label <column> [--categorical a,b] [--numeric c,d] [--ignore e,f]
                        [--param key=value ...] [--valid-fraction 0.2] [--version name] [--promote]`;

runCommand("training", async () => {
  const args = parseArgs(process.argv.slice(2), {
    values: ["data", "label", "categorical", "numeric", "ignore", "param", "valid-fraction", "version"],
    switches: ["promote", "help"],
  });
  const data = lastFlag(args, "data");
  const label = lastFlag(args, "label");
  if (args.flags.has("help") || !data || !label) {
    console.error(USAGE);
    return args.flags.has("help") ? 0 : 2;
  }
  const bar = new ProgressBar("train", 0);
  const version = lastFlag(args, "version");
  return withDatabase(async (db) => {
    // A named (background) run reports its progress on its version row for pollers.
    const progress = version ? trainingProgressRecorder(db.url, version) : null;
    const meta = await trainModel(
      db,
      {
        source: { path: path.resolve(data) },
        label,
        categorical: listFlag(args, "categorical"),
        numeric: listFlag(args, "numeric"),
        ignore: listFlag(args, "ignore"),
        params: paramFlags(args),
        validFraction: numberFlag(args, "valid-fraction", 0.2),
        version,
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
  });
});
