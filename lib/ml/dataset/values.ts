/**
 * Plain decimal or scientific notation only. `Number()` alone would also accept "", " 1 ",
 * "0x1F", "0b1" and "Infinity", which in a data file are almost always not meant as numbers.
 */
const NUMERIC_LITERAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The value of a numeric literal, or NaN if `text` is not one or overflows to +-Infinity. */
export function parseNumber(text: string): number {
  if (!NUMERIC_LITERAL.test(text)) return Number.NaN;
  const x = Number(text);
  return Number.isFinite(x) ? x : Number.NaN;
}

/**
 * A binary label: 1 for "1", "true", "yes"; 0 for "0", "false", "no" (letters in any case); any
 * other numeric literal equal to 0 or 1 ("1.0") counts too. null when the text is none of these.
 */
export function parseBinaryLabel(text: string): 0 | 1 | null {
  if (text === "1") return 1;
  if (text === "0") return 0;
  switch (text.toLowerCase()) {
    case "true":
    case "yes":
      return 1;
    case "false":
    case "no":
      return 0;
  }
  const x = parseNumber(text);
  return x === 1 ? 1 : x === 0 ? 0 : null;
}

const INTEGER_LITERAL = /^[+-]?\d+$/;

/**
 * Deterministic order for category lists, independent of file order and locale: when every
 * category is an integer literal they are ordered by value (so integer-coded categories such as
 * site 0..14 receive code = value when every level occurs, matching LightGBM's own use of the
 * integers); otherwise by UTF-16 code units (`localeCompare` would vary by machine).
 */
export function sortCategories(categories: string[]): string[] {
  const sorted = categories.slice();
  const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  if (sorted.every((c) => INTEGER_LITERAL.test(c))) {
    sorted.sort((a, b) => Number(a) - Number(b) || byCodeUnits(a, b));
  } else {
    sorted.sort(byCodeUnits);
  }
  return sorted;
}
