import { DatasetError } from "./errors";

/**
 * Copies the header record (the parser reuses its array) and rejects names that would make
 * columns ambiguous: an empty name cannot be referred to, and a duplicate name would make
 * `label`/`categorical`/schema lookups pick one of two columns silently.
 */
export function readHeader(fields: readonly string[]): string[] {
  const names = fields.slice();
  const empty = names.flatMap((name, i) => (name === "" ? [i + 1] : []));
  if (empty.length > 0) {
    throw new DatasetError("EMPTY_COLUMN_NAME", `header has an empty column name at position ${empty.join(", ")} (1-based); every column needs a name`);
  }
  const firstAt = new Map<string, number>();
  const duplicates: string[] = [];
  let firstDuplicate: string | undefined;
  names.forEach((name, i) => {
    const first = firstAt.get(name);
    if (first === undefined) {
      firstAt.set(name, i);
      return;
    }
    firstDuplicate ??= name;
    duplicates.push(`"${name}" (positions ${first + 1} and ${i + 1})`);
  });
  if (duplicates.length > 0) {
    throw new DatasetError("DUPLICATE_COLUMN", `header has duplicate column names: ${duplicates.join(", ")}`, {
      column: firstDuplicate,
    });
  }
  return names;
}

/** "a, b, c": the list shown whenever a named column cannot be found. */
export function listColumns(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(", ");
}
