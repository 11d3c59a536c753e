import { runCommand, withDatabase } from "../lib/cli/run-command";
import { checkDrift } from "../lib/scoring/drift-check";
import { ServedModel } from "../lib/scoring/served-model";

runCommand("drift check", () =>
  withDatabase(async (db) => {
    const served = new ServedModel(db.prisma);
    try {
      const model = await served.get();
      const report = await checkDrift(db, model);
      if (!report) {
        console.log(`model ${model.version} has no training-data reference (imported from LightGBM, or trained before drift references were stored), so drift cannot be measured`);
        return;
      }
      console.log(`model ${model.version}: ${report.rows.toLocaleString("en-US")} participants, overall ${report.status} (max PSI ${report.maxPsi.toFixed(4)})`);
      for (const f of [...report.features].sort((a, b) => b.psi - a.psi)) console.log(`  ${f.name.padEnd(32)} PSI ${f.psi.toFixed(4)}  ${f.status}`);
    } finally {
      await served.close();
    }
  }),
);
