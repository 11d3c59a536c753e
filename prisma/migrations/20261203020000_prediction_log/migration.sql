-- CreateTable
CREATE TABLE "PredictionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "churnProbability" REAL NOT NULL,
    "riskTier" TEXT NOT NULL,
    "clv" REAL NOT NULL,
    "cached" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "PredictionLog_at_idx" ON "PredictionLog"("at");

-- CreateIndex
CREATE INDEX "PredictionLog_modelVersion_at_idx" ON "PredictionLog"("modelVersion", "at");

