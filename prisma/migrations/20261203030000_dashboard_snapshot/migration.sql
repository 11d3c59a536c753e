-- CreateTable
CREATE TABLE "DashboardSnapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "modelVersionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "data" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DashboardSnapshot_kind_modelVersionId_key" ON "DashboardSnapshot"("kind", "modelVersionId");

