/** Number formatting and IEEE-754 helpers matching what LightGBM's C++ code produces. */

function stripTrailingZeros(s: string): string {
  if (!s.includes(".")) return s;
  return s.replace(/0+$/, "").replace(/\.$/, "");
}

/** C's `%.{precision}g` (what an ostream with setprecision prints for a double). */
export function formatG(x: number, precision = 6): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const p = Math.max(1, precision);
  const expStr = x.toExponential(p - 1);
  const ePos = expStr.indexOf("e");
  const exp = Number(expStr.slice(ePos + 1));
  if (exp < -4 || exp >= p) {
    const mantissa = stripTrailingZeros(expStr.slice(0, ePos));
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return stripTrailingZeros(x.toFixed(Math.max(0, p - 1 - exp)));
}

/** `%.17g`, the round-trip format LightGBM uses for model doubles. */
export function formatDouble17(x: number): string {
  return formatG(x, 17);
}

const scratchF64 = new Float64Array(1);
const scratchU32 = new Uint32Array(scratchF64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;

/** std::nextafter(x, +Infinity). */
export function nextUp(x: number): number {
  if (x !== x || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  scratchF64[0] = x;
  if (x > 0) {
    if (scratchU32[LO] === 0xffffffff) {
      scratchU32[LO] = 0;
      scratchU32[HI] = scratchU32[HI] + 1;
    } else {
      scratchU32[LO] = scratchU32[LO] + 1;
    }
  } else if (scratchU32[LO] === 0) {
    scratchU32[LO] = 0xffffffff;
    scratchU32[HI] = scratchU32[HI] - 1;
  } else {
    scratchU32[LO] = scratchU32[LO] - 1;
  }
  return scratchF64[0];
}

/** LightGBM's Common::CheckDoubleEqualOrdered: b (>= a) is within one ulp above a. */
export function doubleEqualOrdered(a: number, b: number): boolean {
  return b <= nextUp(a);
}

/** LightGBM's Common::RoundInt: static_cast<int>(x + 0.5). */
export function roundInt(x: number): number {
  return Math.trunc(x + 0.5);
}
