-- CreateTable
CREATE TABLE "Patient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "studyId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "therapeuticArea" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "arm" TEXT NOT NULL,
    "enrollmentDate" DATETIME NOT NULL,
    "snapshotDate" DATETIME NOT NULL,
    "age" INTEGER NOT NULL,
    "sex" TEXT NOT NULL,
    "bmi" REAL,
    "comorbidities" INTEGER NOT NULL,
    "employmentStatus" TEXT NOT NULL,
    "hasCaregiver" BOOLEAN NOT NULL,
    "distanceToSiteKm" REAL NOT NULL,
    "monthsEnrolled" REAL NOT NULL,
    "plannedDurationMonths" INTEGER NOT NULL,
    "visitsCompleted" INTEGER NOT NULL,
    "visitsMissed" INTEGER NOT NULL,
    "daysSinceLastVisit" INTEGER NOT NULL,
    "adverseEvents" INTEGER NOT NULL,
    "seriousAdverseEvent" BOOLEAN NOT NULL,
    "satisfactionScore" REAL,
    "ediaryCompliance" REAL,
    "coordinatorContactsPerMonth" REAL NOT NULL,
    "compensationPerVisitUsd" REAL NOT NULL,
    "remainingVisits" INTEGER NOT NULL,
    "visitValueUsd" REAL NOT NULL,
    "replacementCostUsd" REAL NOT NULL,
    "churned" BOOLEAN,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ModelVersion" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Prediction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "patientId" TEXT NOT NULL,
    "modelVersionId" INTEGER NOT NULL,
    "churnProbability" REAL NOT NULL,
    "riskTier" TEXT NOT NULL,
    "clv" REAL NOT NULL,
    "valueAtRisk" REAL NOT NULL,
    "expectedRemainingVisits" REAL NOT NULL,
    "topFactors" JSONB NOT NULL,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Prediction_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Prediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "role" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "requestId" TEXT,
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB
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

