import path from "node:path";
import type { Db } from "../../db/client";
import type { ModelMetadata, ParamValue } from "../artifacts/model-metadata";
import { newVersionName, writeModelArtifacts } from "../artifacts/model-store";
import { loadTrainingTable, stratifiedSplit, takeLabels, takeRows, type CsvSource, type TrainingTable } from "../dataset";
import { buildDriftReference } from "../../drift";
import { thresholdsFromScores } from "../../scoring/risk-tiers";
import { computeGlobalExplanations } from "../explain/global-explanations";
import { evaluateBinary } from "../metrics";
import { predictProbaMatrix } from "../model/predict";
import { writeModelText } from "../model/text-writer";
import { boosterToOnnx, ONNX_INPUT, ONNX_OUTPUT_PROBABILITY } from "../onnx/export-onnx";
import { scoreOnnx } from "../onnx/run-onnx";
import { canonicalParamName, parseTrainParams, trainBooster, type TrainParams } from "../train";
import { completeVersion, failVersion, startVersion } from "../versions/registry";

export interface TrainModelRequest {
  source: CsvSource;
  label: string;
  categorical?: string[];
  numeric?: string[];
  ignore?: string[];
  /** LightGBM parameter names or aliases; validated before anything is written. */
  params?: Record<string, ParamValue>;
  /** Share of rows held out (stratified) for early stopping and evaluation; 0 trains on all rows. */
  validFraction?: number;
  version?: string;
  /** Folder prefix of generated version names. */
  versionPrefix?: string;
}

export type TrainEvent =
  | { kind: "loaded"; rows: number; features: number; ignored: string[]; warnings: string[] }
  | { kind: "started"; version: string; trainRows: number; validationRows: number; iterations: number }
  | { kind: "iteration"; iteration: number; total: number; validLogloss?: number }
  | { kind: "explaining"; rows: number }
  | { kind: "exported"; version: string };

/** ONNX must reproduce our own tree evaluation; anything looser means an export bug. */
const ONNX_TOLERANCE = 1e-9;
const DEFAULT_VALID_FRACTION = 0.2;
const DEFAULT_EARLY_STOPPING = 20;

function checkValidFraction(f: number): void {
  if (!Number.isFinite(f) || f < 0 || f >= 0.9) throw new Error(`--valid-fraction must be a number in [0, 0.9), got ${f}`);
}

function paramsRecord(p: TrainParams): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(p)) if (v !== null) out[k] = v as ParamValue;
  return out;
}

function split(table: TrainingTable, fraction: number, seed: number) {
  if (fraction === 0) return { trainRows: null, validRows: null };
  const s = stratifiedSplit(table.labels, fraction, seed);
  if (s.validation.length === 0 || s.train.length === 0) throw new Error(`--valid-fraction ${fraction} leaves an empty train or validation set for ${table.rowCount} rows`);
  return { trainRows: s.train, validRows: s.validation };
}

async function crossCheckOnnx(onnx: Uint8Array, data: Float64Array, rows: number, features: number, expected: Float64Array): Promise<void> {
  const got = await scoreOnnx(onnx, data, rows, features);
  for (let i = 0; i < rows; i++) {
    if (!(Math.abs(got[i] - expected[i]) <= ONNX_TOLERANCE)) {
      throw new Error(`ONNX export check failed on row ${i}: onnxruntime gives ${got[i]}, the trees give ${expected[i]}`);
    }
  }
}

/**
 * Trains a model on a CSV, evaluates it on a stratified held-out split, writes model.txt,
 * model.onnx and model.json into `models/<version>/`, and records the version in the database.
 * Input and parameter errors surface before anything is written.
 */
export async function trainModel(db: Db, req: TrainModelRequest, onEvent: (e: TrainEvent) => void = () => {}): Promise<ModelMetadata> {
  const started = performance.now();
  const validFraction = req.validFraction ?? DEFAULT_VALID_FRACTION;
  checkValidFraction(validFraction);
  const userParams = req.params ?? {};
  const params = parseTrainParams({
    ...(validFraction > 0 && !Object.keys(userParams).some((k) => canonicalParamName(k) === "early_stopping_round")
      ? { early_stopping_round: DEFAULT_EARLY_STOPPING }
      : {}),
    ...userParams,
  });
  if (validFraction === 0) params.early_stopping_round = 0;

  const table = await loadTrainingTable(req.source, { label: req.label, categorical: req.categorical, numeric: req.numeric, ignore: req.ignore });
  onEvent({ kind: "loaded", rows: table.rowCount, features: table.featureCount, ignored: table.ignored.map((c) => c.name), warnings: table.warnings });
  const { trainRows, validRows } = split(table, validFraction, params.seed ?? 0);
  const nf = table.featureCount;
  const train = trainRows
    ? { data: takeRows(table.features, nf, trainRows), labels: takeLabels(table.labels, trainRows), numRows: trainRows.length }
    : { data: table.features, labels: table.labels, numRows: table.rowCount };
  const valid = validRows
    ? { data: takeRows(table.features, nf, validRows), labels: takeLabels(table.labels, validRows), numRows: validRows.length }
    : null;

  const version = req.version ?? newVersionName(req.versionPrefix ?? "model");
  await startVersion(db.prisma, version, "trained", paramsRecord(params));
  onEvent({ kind: "started", version, trainRows: train.numRows, validationRows: valid?.numRows ?? 0, iterations: params.num_iterations });
  try {
    const categoricalFeatures = table.schema.features.flatMap((f, i) => (f.kind === "categorical" ? [i] : []));
    const result = trainBooster(
      { data: train.data, numRows: train.numRows, numFeatures: nf, labels: train.labels, featureNames: table.featureNames, categoricalFeatures },
      params,
      {
        valid: valid ? { data: valid.data, numRows: valid.numRows, numFeatures: nf, labels: valid.labels } : undefined,
        onProgress: (iteration, total, validLogloss) => onEvent({ kind: "iteration", iteration, total, validLogloss }),
      },
    );
    const booster = result.booster;
    const evalSet = valid ?? train;
    const probs = predictProbaMatrix(booster, evalSet.data, evalSet.numRows, nf);
    const metrics = valid ? evaluateBinary(probs, valid.labels, 0.5) : null;
    const onnx = boosterToOnnx(booster, { inputType: "double" });
    await crossCheckOnnx(onnx, evalSet.data, evalSet.numRows, nf, probs);

    const metadata: ModelMetadata = {
      formatVersion: 1,
      version,
      source: "trained",
      createdAt: new Date().toISOString(),
      label: req.label,
      features: table.schema.features,
      parameters: paramsRecord(params),
      metrics,
      threshold: 0.5,
      dataFingerprint: table.fingerprint,
      data: {
        file: "path" in req.source ? path.resolve(req.source.path) : null,
        rows: table.rowCount,
        trainRows: train.numRows,
        validationRows: valid?.numRows ?? 0,
        positives: table.positives,
        ignoredColumns: table.ignored.map((c) => c.name),
      },
      training: {
        numTrees: booster.trees.length,
        bestIteration: result.bestIteration,
        seconds: (performance.now() - started) / 1000,
        validLogloss: result.evalHistory.flatMap((r) => (r.validLogloss === undefined ? [] : [r.validLogloss])),
      },
      riskThresholds: thresholdsFromScores(predictProbaMatrix(booster, table.features, table.rowCount, nf)),
      onnx: { file: "model.onnx", input: ONNX_INPUT, probabilityOutput: ONNX_OUTPUT_PROBABILITY, inputType: "double" },
    };
    const driftReference = buildDriftReference({ data: table.features, features: table.schema.features });
    onEvent({ kind: "explaining", rows: table.rowCount });
    const explanations = await computeGlobalExplanations(booster, table.features, table.rowCount, table.schema.features);
    writeModelArtifacts({ modelText: writeModelText(booster), onnx, metadata, explanations, driftReference });
    onEvent({ kind: "exported", version });
    await completeVersion(db.prisma, metadata);
    return metadata;
  } catch (err) {
    await failVersion(db.prisma, version, err instanceof Error ? err.message : String(err));
    throw err;
  }
}
