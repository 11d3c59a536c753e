/**
 * Generation entry points. Rows are produced lazily, one at a time or in chunks, so callers
 * decide how much is held in memory; row i depends only on (seed, i), so the first N rows of a
 * larger run equal a run of N rows, and any chunk can be produced on its own.
 */
import { getCatalog, type Catalog } from "./catalog";
import { generateParticipant, type GeneratedParticipant } from "./participant";
import { Rng, STREAM_PARTICIPANT } from "./prng";
import type { GenerateOptions, ParticipantRecord } from "./record";

/** Throws a RangeError describing the first invalid option. */
export function validateGenerateOptions(options: GenerateOptions): void {
  const { rows, seed, unlabeledShare = 0 } = options;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  if (!(unlabeledShare >= 0 && unlabeledShare <= 1)) {
    throw new RangeError(`unlabeledShare must be between 0 and 1, got ${unlabeledShare}`);
  }
}

/**
 * Rows start..start+count-1 with their latent truth. Options are checked and the catalogue built
 * on the call itself, not on the first iteration, so mistakes surface where they are made.
 */
export function generateParticipantsWithTruth(
  options: GenerateOptions,
  start = 0,
  count = options.rows - start,
): Generator<GeneratedParticipant> {
  validateGenerateOptions(options);
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(count) || count < 0 || start + count > options.rows) {
    throw new RangeError(`rows ${start}..${start + count - 1} are outside 0..${options.rows - 1}`);
  }
  return iterate(getCatalog(options.seed), options.seed, start, start + count, options.unlabeledShare ?? 0);
}

function* iterate(catalog: Catalog, seed: number, from: number, to: number, unlabeledShare: number): Generator<GeneratedParticipant> {
  const rng = new Rng(seed, STREAM_PARTICIPANT);
  for (let i = from; i < to; i++) yield generateParticipant(rng, catalog, seed, i, { unlabeledShare });
}

/** The dataset as a lazy sequence of records. */
export function generateParticipants(options: GenerateOptions): Generator<ParticipantRecord> {
  return records(generateParticipantsWithTruth(options));
}

function* records(source: Iterable<GeneratedParticipant>): Generator<ParticipantRecord> {
  for (const p of source) yield p.record;
}

/** Rows start..start+count-1 as an array: for batch consumers such as database importers. */
export function generateParticipantChunk(options: GenerateOptions, start: number, count: number): ParticipantRecord[] {
  return Array.from(generateParticipantsWithTruth(options, start, count), (p) => p.record);
}
