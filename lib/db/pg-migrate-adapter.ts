import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

/**
 * The pg driver adapter for Prisma's WebAssembly schema engine (`prisma migrate deploy|diff` with
 * prisma/postgres/prisma.config.ts). Prisma 6.19's adapter cannot read the catalog types the
 * engine's introspection returns (`name`, `"char"`, `name[]`): migrate fails with "Column type
 * 'name' could not be deserialized from the database" (prisma/orm issue 27403, open). Those
 * types are text, so each connection reports them to the adapter as text / text[].
 */
const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

interface FieldsResult {
  fields?: Array<{ dataTypeID: number }>;
}

function retype(result: unknown): void {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as FieldsResult | undefined)?.fields ?? []) f.dataTypeID = AS_TEXT[f.dataTypeID] ?? f.dataTypeID;
  }
}

function patchClient(client: pg.PoolClient): void {
  const original = client.query as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = function patched(this: unknown, ...args: unknown[]) {
    const last = args[args.length - 1];
    if (typeof last === "function") {
      args[args.length - 1] = (err: unknown, res: unknown) => {
        if (res) retype(res);
        (last as (e: unknown, r: unknown) => void)(err, res);
      };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    return out instanceof Promise ? out.then((res: unknown) => (retype(res), res)) : out;
  };
}

export function migrationAdapter(connectionString: string): PrismaPg {
  const pool = new pg.Pool({ connectionString, max: 2 });
  pool.on("connect", patchClient);
  return new PrismaPg(pool);
}
