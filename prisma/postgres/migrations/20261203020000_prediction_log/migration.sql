-- CreateTable
CREATE TABLE "PredictionLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "inputHash" TEXT NOT NULL,
    "churnProbability" DOUBLE PRECISION NOT NULL,
    "riskTier" TEXT NOT NULL,
    "clv" DOUBLE PRECISION NOT NULL,
    "cached" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "PredictionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PredictionLog_at_idx" ON "PredictionLog"("at");

-- CreateIndex
CREATE INDEX "PredictionLog_modelVersion_at_idx" ON "PredictionLog"("modelVersion", "at");

