import { runCommand, withDatabase } from "../lib/cli/run-command";
import { promoteVersion } from "../lib/ml/versions/registry";

runCommand("promotion", async () => {
  const version = process.argv[2];
  if (!version) {
    console.error("usage: npm run models:promote -- <version>   (see npm run models:list)");
    return 2;
  }
  await withDatabase((db) => promoteVersion(db.prisma, version));
  console.log(`model ${version} is now served`);
});
