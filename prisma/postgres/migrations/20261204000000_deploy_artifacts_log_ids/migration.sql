-- AlterTable
ALTER TABLE "PredictionLog" ADD COLUMN     "entryId" TEXT;

-- CreateTable
CREATE TABLE "ModelArtifact" (
    "modelVersionId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "ModelArtifact_pkey" PRIMARY KEY ("modelVersionId","name")
);

-- CreateIndex
CREATE UNIQUE INDEX "PredictionLog_entryId_key" ON "PredictionLog"("entryId");

-- AddForeignKey
ALTER TABLE "ModelArtifact" ADD CONSTRAINT "ModelArtifact_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

