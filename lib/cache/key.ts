import { createHash } from "node:crypto";

/**
 * Cache keys embed the model version so that promoting a new model switches
 * every reader to fresh keys at once; nothing has to be purged and no
 * instance can serve a result computed by the previous model.
 */

/**
 * JSON with object keys sorted at every depth. Anything JSON would encode
 * lossily (NaN, Map, class instances, ...) is rejected instead, because a
 * lossy encoding lets two different inputs share one key and serve each
 * other's results.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, new Set<object>(), "$");
}

function encode(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      }
      // JSON.stringify already prints the shortest round-trip form and maps -0 to 0,
      // so 1, 1.0 and 1e0 all become "1".
      return JSON.stringify(value);
    case "object":
      return encodeObject(value, seen, path);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
  }
}

function encodeObject(value: object, seen: Set<object>, path: string): string {
  if (seen.has(value)) throw new TypeError(`canonicalJson: circular reference at ${path}`);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`canonicalJson: invalid Date at ${path}`);
    return JSON.stringify(value.toISOString());
  }
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      // Array.from visits holes too; JSON encodes holes and undefined as null.
      const items = Array.from(value as unknown[], (item, i) => encode(item === undefined ? null : item, seen, `${path}[${i}]`));
      return `[${items.join(",")}]`;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`canonicalJson: only plain objects and arrays are supported (at ${path})`);
    }
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      // Matches JSON: an undefined property is the same input as a missing one.
      if (item === undefined) continue;
      parts.push(`${JSON.stringify(key)}:${encode(item, seen, `${path}.${key}`)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

export function hashInput(input: unknown): string {
  return createHash("sha256").update(canonicalJson(input)).digest("hex");
}

/** Keeps ':' as an unambiguous separator even if a version string contains one. */
function segment(name: string, value: string): string {
  if (value.length === 0) throw new TypeError(`cacheKey: ${name} must not be empty`);
  return encodeURIComponent(value);
}

/** `<namespace>:<modelVersion>:<sha256 of canonical input>` */
export function cacheKey(namespace: string, modelVersion: string | number, input: unknown): string {
  return `${cacheKeyPrefix(namespace, modelVersion)}${hashInput(input)}`;
}

/** `<namespace>:<modelVersion>:`, the start of every key `cacheKey` makes for that version. */
export function cacheKeyPrefix(namespace: string, modelVersion: string | number): string {
  return `${segment("namespace", namespace)}:${segment("modelVersion", String(modelVersion))}:`;
}
