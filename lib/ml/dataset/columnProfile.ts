import { parseNumber } from "./values";

/**
 * What the first pass learns about one column without keeping its values: whether every value is
 * numeric, whether it is constant, and whether it looks like an identifier.
 */
export class ColumnProfile {
  /** Rows with a non-empty value. */
  present = 0;
  /** Every non-empty value so far is a finite numeric literal. */
  numeric = true;
  private firstNumber = Number.NaN;
  private numbersDiffer = false;
  private firstText: string | null = null;
  private textsDiffer = false;
  /**
   * Values seen while the column still qualifies as an identifier (every value present, unique,
   * non-numeric); dropped the moment it stops qualifying, so ordinary columns cost no memory.
   */
  private identities: Set<string> | null;

  constructor(mayBeIdentifier: boolean) {
    this.identities = mayBeIdentifier ? new Set() : null;
  }

  /** Records one value ("" = missing). Returns false if the value is present but not numeric. */
  add(value: string): boolean {
    if (value === "") {
      this.identities = null;
      return true;
    }
    this.present++;
    if (this.firstText === null) this.firstText = value;
    else if (!this.textsDiffer && value !== this.firstText) this.textsDiffer = true;

    let isNumber = true;
    if (this.numeric || this.identities !== null) {
      const x = parseNumber(value);
      isNumber = !Number.isNaN(x);
      if (!isNumber) this.numeric = false;
      else if (this.present === 1) this.firstNumber = x;
      else if (x !== this.firstNumber) this.numbersDiffer = true;
    }
    if (this.identities !== null) {
      if (isNumber || this.identities.has(value)) this.identities = null;
      else this.identities.add(value);
    }
    return isNumber;
  }

  /** Every row has a distinct non-numeric value, as in a participant id. */
  isIdentifier(rowCount: number): boolean {
    return this.identities !== null && rowCount > 1 && this.identities.size === rowCount;
  }

  /**
   * One value everywhere, or missing everywhere: no split can separate rows. A single value with
   * some rows missing is not constant, since a tree can still split on missing vs present.
   * Numeric columns compare by value ("1" equals "1.0"), categorical ones by text.
   */
  isConstant(kind: "numeric" | "categorical", rowCount: number): boolean {
    if (this.present === 0) return true;
    if (this.present < rowCount) return false;
    return kind === "numeric" ? !this.numbersDiffer : !this.textsDiffer;
  }
}
