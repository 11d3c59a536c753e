-- CreateTable
CREATE TABLE "DashboardSnapshot" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "modelVersionId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "DashboardSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DashboardSnapshot_kind_modelVersionId_key" ON "DashboardSnapshot"("kind", "modelVersionId");

