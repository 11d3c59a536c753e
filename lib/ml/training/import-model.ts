import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client";
import type { ModelMetadata, ParamValue } from "../artifacts/model-metadata";
import { newVersionName, writeModelArtifacts } from "../artifacts/model-store";
import type { FeatureSpec } from "../dataset";
import { predictProbaMatrix } from "../model/predict";
import { parseModelText } from "../model/text-reader";
import type { Booster } from "../model/types";
import { boosterToOnnx, ONNX_INPUT, ONNX_OUTPUT_PROBABILITY } from "../onnx/export-onnx";
import { scoreOnnx } from "../onnx/run-onnx";
import { completeVersion } from "../versions/registry";

const CHECK_ROWS = 2000;
const ONNX_TOLERANCE = 1e-9;

/**
 * Feature kinds from LightGBM's `feature_infos`: "-1:c1:c2..." marks a categorical feature whose
 * integer codes are the categories (category text "7" is code 7), anything else is numeric.
 */
export function featuresFromBooster(booster: Booster): FeatureSpec[] {
  return booster.featureNames.map((name, i) => {
    const info = booster.featureInfos[i] ?? "none";
    if (!info.startsWith("-1:")) return { name, kind: "numeric" as const };
    const codes = info.split(":").slice(1).map(Number).filter((c) => Number.isInteger(c) && c >= 0);
    const max = codes.length > 0 ? Math.max(...codes) : -1;
    return { name, kind: "categorical" as const, categories: Array.from({ length: max + 1 }, (_, c) => String(c)) };
  });
}

function labelFromParameters(booster: Booster): string {
  const raw = booster.parameters.find(([k]) => k === "label_column")?.[1] ?? "";
  const name = raw.startsWith("name:") ? raw.slice(5) : "";
  return name || "label";
}

function parametersRecord(booster: Booster): Record<string, ParamValue> {
  return Object.fromEntries(booster.parameters.map(([k, v]) => [k, v]));
}

/** Random rows over each feature's training range (numeric) or codes (categorical), with gaps. */
function probeRows(features: FeatureSpec[], infos: string[], rows: number): Float64Array {
  const nf = features.length;
  const data = new Float64Array(rows * nf);
  let state = 0x9e3779b9;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let f = 0; f < nf; f++) {
    const spec = features[f];
    const range = /^\[(.+):(.+)\]$/.exec(infos[f] ?? "");
    const lo = range ? Number(range[1]) : 0;
    const hi = range ? Number(range[2]) : 1;
    for (let r = 0; r < rows; r++) {
      const u = rand();
      data[r * nf + f] =
        u < 0.05 ? Number.NaN : spec.kind === "categorical" ? Math.floor(rand() * (spec.categories.length + 1)) : lo + rand() * (hi - lo);
    }
  }
  return data;
}

/**
 * Names the integer codes of categorical features: LightGBM only knows codes, so a model trained
 * elsewhere on text categories (e.g. with Spark's StringIndexer) needs the text of each code,
 * in code order, to score participants given as text. Unnamed categorical features keep "0", "1", ...
 */
export function nameCategories(features: FeatureSpec[], categories: Readonly<Record<string, readonly string[]>>): FeatureSpec[] {
  const known = new Set(features.map((f) => f.name));
  for (const name of Object.keys(categories)) if (!known.has(name)) throw new Error(`categories: the model has no feature "${name}"`);
  return features.map((f) => {
    const names = categories[f.name];
    if (!names) return f;
    if (f.kind !== "categorical") throw new Error(`categories: feature "${f.name}" is numeric in the model`);
    if (!Array.isArray(names) || names.some((n) => typeof n !== "string")) throw new Error(`categories.${f.name}: expected a list of category texts`);
    if (names.length < f.categories.length) throw new Error(`categories.${f.name}: the model uses codes up to ${f.categories.length - 1}, but only ${names.length} names are given`);
    if (new Set(names).size !== names.length) throw new Error(`categories.${f.name}: names must be distinct`);
    return { ...f, categories: [...names] };
  });
}

/**
 * Imports a model trained by the real LightGBM (anywhere: a laptop, a Spark or Dask cluster):
 * reads its text file, exports ONNX, checks that onnxruntime agrees with our tree evaluation on
 * probe rows, and registers it as a version (not served until promoted). `categories` names the
 * codes of categorical features (see nameCategories).
 */
export async function importLightgbmModel(db: Db, file: string, version?: string, categories: Readonly<Record<string, readonly string[]>> = {}): Promise<ModelMetadata> {
  if (!fs.existsSync(file)) throw new Error(`No such model file: ${file}`);
  const text = fs.readFileSync(file, "utf8");
  const booster = parseModelText(text);
  const features = nameCategories(featuresFromBooster(booster), categories);
  const onnx = boosterToOnnx(booster, { inputType: "double" });
  const probe = probeRows(features, booster.featureInfos, CHECK_ROWS);
  const expected = predictProbaMatrix(booster, probe, CHECK_ROWS, features.length);
  const got = await scoreOnnx(onnx, probe, CHECK_ROWS, features.length);
  for (let i = 0; i < CHECK_ROWS; i++) {
    if (!(Math.abs(got[i] - expected[i]) <= ONNX_TOLERANCE)) throw new Error(`ONNX export check failed on probe row ${i}: ${got[i]} vs ${expected[i]}`);
  }
  const name = version ?? newVersionName(`import-${path.basename(file).replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_-]/g, "_")}`);
  const metadata: ModelMetadata = {
    formatVersion: 1,
    version: name,
    source: "imported",
    createdAt: new Date().toISOString(),
    label: labelFromParameters(booster),
    features,
    parameters: parametersRecord(booster),
    metrics: null,
    threshold: 0.5,
    dataFingerprint: null,
    data: null,
    training: null,
    riskThresholds: null,
    onnx: { file: "model.onnx", input: ONNX_INPUT, probabilityOutput: ONNX_OUTPUT_PROBABILITY, inputType: "double" },
  };
  // The file is kept byte-for-byte as LightGBM wrote it.
  writeModelArtifacts({ modelText: text, onnx, metadata });
  await completeVersion(db.prisma, metadata);
  return metadata;
}
