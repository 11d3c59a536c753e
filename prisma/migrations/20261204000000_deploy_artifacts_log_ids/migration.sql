-- AlterTable
ALTER TABLE "PredictionLog" ADD COLUMN "entryId" TEXT;

-- CreateTable
CREATE TABLE "ModelArtifact" (
    "modelVersionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content" BLOB NOT NULL,

    PRIMARY KEY ("modelVersionId", "name"),
    CONSTRAINT "ModelArtifact_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PredictionLog_entryId_key" ON "PredictionLog"("entryId");

