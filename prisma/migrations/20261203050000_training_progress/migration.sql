-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN "progress" REAL;

