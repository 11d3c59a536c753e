-- DropIndex
DROP INDEX "Prediction_modelVersionId_churnProbability_idx";

-- DropIndex
DROP INDEX "Prediction_modelVersionId_clv_idx";

-- DropIndex
DROP INDEX "Prediction_modelVersionId_valueAtRisk_idx";

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_churnProbability_patientId_idx" ON "Prediction"("modelVersionId", "churnProbability", "patientId");

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_clv_patientId_idx" ON "Prediction"("modelVersionId", "clv", "patientId");

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_valueAtRisk_patientId_idx" ON "Prediction"("modelVersionId", "valueAtRisk", "patientId");

