-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_valueAtRisk_idx" ON "Prediction"("modelVersionId", "valueAtRisk");

