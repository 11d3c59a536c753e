-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "scoredAt" TIMESTAMP(3),
ADD COLUMN     "scoredCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "scoringStatus" TEXT NOT NULL DEFAULT 'none';

