/**
 * Number formatting exactly as LightGBM prints its text model.
 *
 * LightGBM formats doubles through {fmt} with `{:g}` (6 significant digits) or `{:.17g}`, which
 * follow C's `%g`: the exact binary value is rounded (ties to even) to the requested number of
 * significant digits, then printed in fixed or exponent style, trailing zeros removed, exponent
 * with at least two digits. JavaScript's `toPrecision` breaks ties away from zero and writes
 * exponents as `e-5`, so the decimal expansion is computed exactly with BigInt instead: a double
 * is m·2^e, and m·2^e = m·5^-e / 10^-e gives all its decimal digits without rounding.
 */

const float64View = new DataView(new ArrayBuffer(8));

/** Exact decimal digits of a finite, positive double: value = digits × 10^-fractionDigits. */
function exactDecimal(value: number): { digits: string; fractionDigits: number } {
  float64View.setFloat64(0, value);
  const high = float64View.getUint32(0);
  const low = float64View.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biasedExponent === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  if (exponent >= 0) return { digits: (mantissa << BigInt(exponent)).toString(), fractionDigits: 0 };
  return { digits: (mantissa * 5n ** BigInt(-exponent)).toString(), fractionDigits: -exponent };
}

/**
 * Rounds a digit string to `precision` significant digits, ties to even. Returns the rounded
 * digits (exactly `precision` of them) and how much the decimal exponent grew through a carry.
 */
function roundDigits(digits: string, precision: number): { rounded: string; carry: number } {
  if (digits.length <= precision) return { rounded: digits.padEnd(precision, "0"), carry: 0 };
  const head = digits.slice(0, precision);
  const first = digits.charCodeAt(precision) - 48;
  let roundUp: boolean;
  if (first !== 5) {
    roundUp = first > 5;
  } else {
    const restIsZero = /^0*$/.test(digits.slice(precision + 1));
    roundUp = !restIsZero || (head.charCodeAt(precision - 1) - 48) % 2 === 1;
  }
  if (!roundUp) return { rounded: head, carry: 0 };
  const bumped = (BigInt(head) + 1n).toString();
  if (bumped.length > precision) return { rounded: bumped.slice(0, precision), carry: 1 };
  return { rounded: bumped, carry: 0 };
}

function stripFraction(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}

/** C's `%.{precision}g` (which is also {fmt}'s `{:.{precision}g}`; `{:g}` is precision 6). */
export function formatG(value: number, precision: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  const negative = value < 0 || Object.is(value, -0);
  const sign = negative ? "-" : "";
  if (value === 0) return `${sign}0`;
  const p = precision < 1 ? 1 : precision;
  const { digits, fractionDigits } = exactDecimal(Math.abs(value));
  const { rounded, carry } = roundDigits(digits, p);
  const exponent = digits.length - 1 - fractionDigits + carry;
  if (exponent < -4 || exponent >= p) {
    const mantissa = stripFraction(`${rounded[0]}.${rounded.slice(1)}`);
    const magnitude = String(Math.abs(exponent)).padStart(2, "0");
    return `${sign}${mantissa}e${exponent < 0 ? "-" : "+"}${magnitude}`;
  }
  let fixed: string;
  if (exponent >= 0) {
    fixed = `${rounded.slice(0, exponent + 1)}.${rounded.slice(exponent + 1)}`;
  } else {
    fixed = `0.${"0".repeat(-exponent - 1)}${rounded}`;
  }
  return sign + stripFraction(fixed);
}

/** LightGBM's high-precision form (thresholds, leaf values, leaf weights). */
export function formatHigh(value: number): string {
  return formatG(value, 17);
}

/** LightGBM's default `{:g}` form (gains, internal values and weights, shrinkage). */
export function formatShort(value: number): string {
  return formatG(value, 6);
}

/**
 * Parses one number token as LightGBM writes it: decimal or exponent notation, or the
 * `nan`/`inf` spellings {fmt} produces. Returns undefined for anything else.
 */
export function parseNumberToken(token: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token)) return Number(token);
  const lower = token.toLowerCase();
  if (lower === "nan" || lower === "-nan" || lower === "+nan") return Number.NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  return undefined;
}
