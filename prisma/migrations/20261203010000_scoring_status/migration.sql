-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ModelVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "metrics" JSONB,
    "artifactDir" TEXT NOT NULL,
    "dataFingerprint" TEXT,
    "isServed" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "scoringStatus" TEXT NOT NULL DEFAULT 'none',
    "scoredCount" INTEGER NOT NULL DEFAULT 0,
    "scoredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);
INSERT INTO "new_ModelVersion" ("artifactDir", "createdAt", "dataFingerprint", "error", "finishedAt", "id", "isServed", "metrics", "parameters", "source", "startedAt", "status", "version") SELECT "artifactDir", "createdAt", "dataFingerprint", "error", "finishedAt", "id", "isServed", "metrics", "parameters", "source", "startedAt", "status", "version" FROM "ModelVersion";
DROP TABLE "ModelVersion";
ALTER TABLE "new_ModelVersion" RENAME TO "ModelVersion";
CREATE UNIQUE INDEX "ModelVersion_version_key" ON "ModelVersion"("version");
CREATE INDEX "ModelVersion_isServed_idx" ON "ModelVersion"("isServed");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

