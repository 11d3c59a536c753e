/**
 * Command-line options of `npm run data:generate`, parsed strictly: a typo or a bad number stops
 * the run with a message naming the flag, instead of silently generating the default dataset.
 */
import { DEFAULT_ROWS, DEFAULT_SEED } from "./record";

export const DEFAULT_OUT = "data/raw/clinical_data.csv";
/** Guards against an extra zero: 100 million rows would be a ~25 GB file. */
export const MAX_ROWS = 100_000_000;

export interface GenerateCliOptions {
  rows: number;
  seed: number;
  out: string;
  unlabeledShare: number;
  help: boolean;
}

export const GENERATE_USAGE = `Usage: npm run data:generate -- [--rows N] [--seed S] [--out FILE] [--unlabeled-share P]

  --rows N             participants to generate, 1..${MAX_ROWS.toLocaleString("en-US")} (default ${DEFAULT_ROWS.toLocaleString("en-US")})
  --seed S             non-negative integer; the same seed gives a byte-identical file (default ${DEFAULT_SEED})
  --out FILE           output CSV path; folders are created (default ${DEFAULT_OUT})
  --unlabeled-share P  share 0-1 of rows written with an empty churned label (default 0)
  --help               show this help`;

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

const WHOLE_NUMBER = /^\d+(_\d+)*$/;
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/;

function parseWhole(flag: string, raw: string, min: number, max: number): number {
  const value = WHOLE_NUMBER.test(raw) ? Number(raw.replace(/_/g, "")) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${flag} must be a whole number from ${min} to ${max.toLocaleString("en-US")}, got "${raw}"`);
  }
  return value;
}

function parseShare(flag: string, raw: string): number {
  const value = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value <= 1)) throw new CliUsageError(`${flag} must be a number between 0 and 1, got "${raw}"`);
  return value;
}

type ValueFlag = "--rows" | "--seed" | "--out" | "--unlabeled-share";
const VALUE_FLAGS: readonly ValueFlag[] = ["--rows", "--seed", "--out", "--unlabeled-share"];

function isValueFlag(name: string): name is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(name);
}

/** Accepts `--flag value` and `--flag=value`; throws CliUsageError on anything unexpected. */
export function parseGenerateArgs(argv: readonly string[]): GenerateCliOptions {
  const options: GenerateCliOptions = { rows: DEFAULT_ROWS, seed: DEFAULT_SEED, out: DEFAULT_OUT, unlabeledShare: 0, help: false };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      options.help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (!isValueFlag(name)) {
      throw new CliUsageError(arg.startsWith("-") ? `unknown option ${name}` : `unexpected argument "${arg}"`);
    }
    if (seen.has(name)) throw new CliUsageError(`${name} given more than once`);
    seen.add(name);
    let value: string;
    if (name !== arg) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith("--") && next.length > 2)) throw new CliUsageError(`${name} needs a value`);
      value = next;
      i += 1;
    }
    switch (name) {
      case "--rows":
        options.rows = parseWhole(name, value, 1, MAX_ROWS);
        break;
      case "--seed":
        options.seed = parseWhole(name, value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case "--out":
        if (value.trim() === "") throw new CliUsageError("--out needs a file path");
        options.out = value;
        break;
      case "--unlabeled-share":
        options.unlabeledShare = parseShare(name, value);
        break;
    }
  }
  return options;
}
