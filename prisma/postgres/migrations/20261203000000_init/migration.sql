-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "therapeuticArea" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "enrollmentDate" TIMESTAMP(3) NOT NULL,
    "snapshotDate" TIMESTAMP(3) NOT NULL,
    "age" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "bmi" DOUBLE PRECISION,
    "comorbidities" INTEGER NOT NULL,
    "employmentStatus" TEXT NOT NULL,
    "hasCaregiver" BOOLEAN NOT NULL,
    "distanceToSiteKm" DOUBLE PRECISION NOT NULL,
    "monthsEnrolled" DOUBLE PRECISION NOT NULL,
    "plannedDurationMonths" INTEGER NOT NULL,
    "visitsCompleted" INTEGER NOT NULL,
    "visitsMissed" INTEGER NOT NULL,
    "daysSinceLastVisit" INTEGER NOT NULL,
    "adverseEvents" INTEGER NOT NULL,
    "seriousAdverseEvent" BOOLEAN NOT NULL,
    "satisfactionScore" DOUBLE PRECISION,
    "ediaryCompliance" DOUBLE PRECISION,
    "coordinatorContactsPerMonth" DOUBLE PRECISION NOT NULL,
    "compensationPerVisitUsd" DOUBLE PRECISION NOT NULL,
    "remainingVisits" INTEGER NOT NULL,
    "visitValueUsd" DOUBLE PRECISION NOT NULL,
    "replacementCostUsd" DOUBLE PRECISION NOT NULL,
    "churned" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" SERIAL NOT NULL,
    "version" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "metrics" JSONB,
    "artifactDir" TEXT NOT NULL,
    "dataFingerprint" TEXT,
    "isServed" BOOLEAN NOT NULL DEFAULT false,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" SERIAL NOT NULL,
    "patientId" TEXT NOT NULL,
    "modelVersionId" INTEGER NOT NULL,
    "churnProbability" DOUBLE PRECISION NOT NULL,
    "riskTier" TEXT NOT NULL,
    "clv" DOUBLE PRECISION NOT NULL,
    "valueAtRisk" DOUBLE PRECISION NOT NULL,
    "expectedRemainingVisits" DOUBLE PRECISION NOT NULL,
    "topFactors" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "role" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "requestId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Patient_studyId_idx" ON "Patient"("studyId");

-- CreateIndex
CREATE INDEX "Patient_siteId_idx" ON "Patient"("siteId");

-- CreateIndex
CREATE INDEX "Patient_phase_idx" ON "Patient"("phase");

-- CreateIndex
CREATE INDEX "Patient_therapeuticArea_idx" ON "Patient"("therapeuticArea");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_version_key" ON "ModelVersion"("version");

-- CreateIndex
CREATE INDEX "ModelVersion_isServed_idx" ON "ModelVersion"("isServed");

-- CreateIndex
CREATE INDEX "Prediction_patientId_computedAt_idx" ON "Prediction"("patientId", "computedAt");

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_churnProbability_idx" ON "Prediction"("modelVersionId", "churnProbability");

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_riskTier_idx" ON "Prediction"("modelVersionId", "riskTier");

-- CreateIndex
CREATE INDEX "Prediction_modelVersionId_clv_idx" ON "Prediction"("modelVersionId", "clv");

-- CreateIndex
CREATE UNIQUE INDEX "Prediction_modelVersionId_patientId_key" ON "Prediction"("modelVersionId", "patientId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actor_idx" ON "AuditEvent"("actor");

-- CreateIndex
CREATE INDEX "AuditEvent_action_idx" ON "AuditEvent"("action");

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

