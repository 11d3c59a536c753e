import { sortCategories } from "./values";

/**
 * Assigns provisional codes to categories in order of first appearance while the matrix is being
 * filled, then produces the final sorted category list and the provisional-to-final code map.
 * Sorting at the end makes codes independent of row order (shuffling the file gives the same
 * encoding) without a separate pass to collect categories first.
 */
export class CategoryCollector {
  private readonly codes = new Map<string, number>();
  private readonly seen: string[] = [];

  code(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.seen.length;
      this.codes.set(value, c);
      this.seen.push(value);
    }
    return c;
  }

  finish(): { categories: string[]; finalCode: Int32Array } {
    const categories = sortCategories(this.seen);
    const finalCode = new Int32Array(this.seen.length);
    categories.forEach((text, code) => {
      finalCode[this.codes.get(text) ?? 0] = code;
    });
    return { categories, finalCode };
  }
}
