-- AlterTable
ALTER TABLE "ModelVersion" ADD COLUMN     "progress" DOUBLE PRECISION;

