/** Public API of the synthetic clinical dataset generator. */
export type { Arm, EmploymentStatus, GenerateOptions, ParticipantRecord, Phase, Sex, TherapeuticArea } from "./record";
export { DEFAULT_ROWS, DEFAULT_SEED } from "./record";
export {
  generateParticipantChunk,
  generateParticipants,
  generateParticipantsWithTruth,
  validateGenerateOptions,
} from "./generate";
export type { GeneratedParticipant, ParticipantTruth } from "./participant";
export { writeParticipantsCsv, type CsvWriteProgress, type CsvWriteSummary } from "./write-csv";
export { getCatalog, type Catalog, type StudyPlacement } from "./catalog";
export type { Study } from "./studies";
export type { Region, Site } from "./sites";
export { CHURN_COEFFICIENTS, churnCovariateEffects, type ChurnModelInput } from "./churn-model";
export { TARGET_CHURN_RATE } from "./calibration";
export { compensationLevel } from "./compensation";
export { EDIARY_MISSING_RATE, SATISFACTION_MISSING_RATE } from "./missingness";
export { BMI_MISSING_RATE } from "./demographics";
export { DAYS_PER_MONTH, formatEpochDay, parseIsoDay } from "./dates";
export { MAX_CONSECUTIVE_MISSES, SNAPSHOT_FIRST_DAY, SNAPSHOT_LAST_DAY } from "./timeline";
