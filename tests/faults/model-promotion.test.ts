import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MODEL_JSON_FILE, MODEL_ONNX_FILE, MODEL_TEXT_FILE, versionDir } from "@/lib/ml/artifacts/model-store";
import { CLINICAL_TRAINING } from "@/lib/ml/clinical-model";
import { trainModel } from "@/lib/ml/training/train-model";
import { promoteVersion, servedVersion } from "@/lib/ml/versions/registry";
import { ServedModel } from "@/lib/scoring/served-model";
import { predictProbabilities } from "@/lib/scoring/loaded-model";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

/**
 * A corrupt or incompatible model at promotion is refused with a clear error before the served
 * flag moves, and the previous version keeps answering predictions.
 */
let seeded: SeededModel;
let served: ServedModel;
const CANDIDATE = "candidate";
const originals = new Map<string, Buffer>();
let participants: Array<Record<string, unknown>>;

beforeAll(async () => {
  seeded = await createSeededModel(400, 21);
  // A second, different model (other tree shapes) to be promoted over the first.
  await trainModel(seeded.db, {
    source: { path: seeded.csv },
    ...CLINICAL_TRAINING,
    params: { num_iterations: 25, num_leaves: 7, learning_rate: 0.2, min_data_in_leaf: 10, seed: 9 },
    version: CANDIDATE,
  });
  for (const file of [MODEL_ONNX_FILE, MODEL_TEXT_FILE, MODEL_JSON_FILE]) originals.set(file, fs.readFileSync(path.join(versionDir(CANDIDATE), file)));
  served = new ServedModel(seeded.db.prisma, 0);
  participants = (await seeded.db.prisma.patient.findMany({ take: 20, orderBy: { id: "asc" } })) as unknown as Array<Record<string, unknown>>;
});
afterEach(() => {
  for (const [file, bytes] of originals) fs.writeFileSync(path.join(versionDir(CANDIDATE), file), bytes);
});
afterAll(async () => {
  await served.close();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

/** Scores the sample with whatever the process serves now. */
async function scoreSample(): Promise<{ version: string; probabilities: number[] }> {
  const model = await served.get();
  const probabilities = await predictProbabilities(model, model.encoder.encode(participants), participants.length);
  return { version: model.version, probabilities: [...probabilities] };
}

function rewrite(file: string, change: (bytes: Buffer) => Buffer | string): void {
  const target = path.join(versionDir(CANDIDATE), file);
  fs.writeFileSync(target, change(fs.readFileSync(target)));
}

async function expectRefused(pattern: RegExp): Promise<void> {
  const before = await scoreSample();
  await expect(promoteVersion(seeded.db.prisma, CANDIDATE)).rejects.toThrow(pattern);
  expect(await servedVersion(seeded.db.prisma)).toBe("seeded");
  expect(await seeded.db.prisma.modelVersion.count({ where: { isServed: true } })).toBe(1);
  const after = await scoreSample();
  expect(after.version).toBe("seeded");
  expect(after.probabilities).toEqual(before.probabilities);
  expect(after.probabilities.every((p) => p > 0 && p < 1)).toBe(true);
}

describe("promotion of a broken model", () => {
  it("refuses a truncated model.onnx", async () => {
    rewrite(MODEL_ONNX_FILE, (b) => b.subarray(0, Math.floor(b.length / 2)));
    await expectRefused(/^Model version candidate cannot be loaded, so it is not served: /);
  });

  it("refuses a model.onnx with garbled bytes", async () => {
    rewrite(MODEL_ONNX_FILE, (b) => {
      const copy = Buffer.from(b);
      for (let i = 16; i < copy.length; i += 7) copy[i] ^= 0x5a;
      return copy;
    });
    await expectRefused(/^Model version candidate (cannot be loaded|is inconsistent|: model\.onnx does not score)/);
  });

  it("refuses a model.onnx exported from other trees than model.txt", async () => {
    fs.copyFileSync(path.join(versionDir("seeded"), MODEL_ONNX_FILE), path.join(versionDir(CANDIDATE), MODEL_ONNX_FILE));
    await expectRefused(/^Model version candidate is inconsistent: model\.onnx and model\.txt disagree/);
  });

  it("refuses a model.txt that is not a LightGBM model, and an empty one", async () => {
    rewrite(MODEL_TEXT_FILE, () => "this is not a model\n");
    await expectRefused(/./);
    rewrite(MODEL_TEXT_FILE, () => "");
    await expectRefused(/./);
  });

  it("refuses a feature list that does not match the model", async () => {
    rewrite(MODEL_JSON_FILE, (b) => {
      const meta = JSON.parse(b.toString("utf8")) as { features: Array<{ name: string }> };
      meta.features = [...meta.features.slice(1), meta.features[0]];
      return JSON.stringify(meta);
    });
    await expectRefused(/^Model version candidate is inconsistent: model\.txt features \(.+\) differ from model\.json's\./);
  });

  it("refuses a model.json that is not JSON", async () => {
    rewrite(MODEL_JSON_FILE, (b) => b.subarray(0, 40));
    await expectRefused(/./);
  });

  it("keeps serving the previous model when the flag is switched to a broken version behind its back", async () => {
    rewrite(MODEL_ONNX_FILE, (b) => b.subarray(0, 100));
    const before = await scoreSample();
    // Another process (or a hand-edited database) marks the broken version served.
    await seeded.db.prisma.$transaction([
      seeded.db.prisma.modelVersion.updateMany({ where: { isServed: true }, data: { isServed: false } }),
      seeded.db.prisma.modelVersion.update({ where: { version: CANDIDATE }, data: { isServed: true } }),
    ]);
    const after = await scoreSample();
    expect(after).toEqual(before);
    expect(served.lastError).toMatch(/^could not load served version candidate: /);
    await promoteVersion(seeded.db.prisma, "seeded");
  });

  it("promotes the intact candidate, which then serves", async () => {
    await promoteVersion(seeded.db.prisma, CANDIDATE);
    expect(await servedVersion(seeded.db.prisma)).toBe(CANDIDATE);
    const now = await scoreSample();
    expect(now.version).toBe(CANDIDATE);
    expect(served.lastError).toBeNull();
    await promoteVersion(seeded.db.prisma, "seeded");
  });
});
