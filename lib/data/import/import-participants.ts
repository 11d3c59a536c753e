import path from "node:path";
import type { Db, PrismaClient } from "../../db/client";
import { withBulkWriter, type SqlValue } from "../../db/bulk-writer";
import { DatabaseBusyError, withBusyRetry } from "../../reliability/sqlite-busy";
import { refreshStatistics } from "../../db/statistics";
import { COLUMNS } from "../columns";
import { DatasetError, streamCsv, type CsvSource } from "../../ml/dataset";
import { parseParticipant, resolveHeader, type FieldError, type ParticipantRow } from "./parse-participant";
import { AUDIT_INSERT_COLUMNS, auditInsertValues, type AuditContext } from "../../audit/audit-trail";
import { cliPrincipal } from "../../auth/principal";

/** At most this many problems are kept in a report; the total is always counted. */
const MAX_REPORTED_ERRORS = 1000;
const INSERT_CHUNK = 2000;

/** COLUMNS mirror the Patient model's fields; the timestamps are set here, as Prisma would. */
const PATIENT_INSERT_COLUMNS = [...COLUMNS.map((c) => c.field), "createdAt", "updatedAt"];

function toInsertValues(row: ParticipantRow, now: Date): SqlValue[] {
  const values: SqlValue[] = COLUMNS.map((c) => row[c.field] ?? null);
  values.push(now, now);
  return values;
}
const ID_LOOKUP_CHUNK = 900;

export type ImportSource = CsvSource;

export interface ImportProgress {
  phase: "validate" | "write";
  rows: number;
  total?: number;
}

export interface ImportResult {
  imported: number;
  seconds: number;
}

/** Recognises the error across module copies (Next's bundle and the server's own), not by identity. */
const IMPORT_REJECTED_BRAND = Symbol.for("retain.ImportValidationError");

/** The file was rejected: nothing was written. `errors` holds the first problems, by line. */
export class ImportValidationError extends Error {
  readonly [IMPORT_REJECTED_BRAND] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && IMPORT_REJECTED_BRAND in value;
  }

  constructor(
    readonly errors: FieldError[],
    readonly errorCount: number,
  ) {
    super(
      `Import rejected, nothing was written: ${errorCount} problem(s). ` +
        errors
          .slice(0, 5)
          .map((e) => `line ${e.line}, ${e.column}: ${e.message}${e.value ? ` (got "${e.value}")` : ""}`)
          .join("; "),
    );
    this.name = "ImportValidationError";
  }
}

/**
 * Walks the data rows of a CSV source after checking its header; stops at header errors.
 * CSV syntax errors (an unclosed quote, text after a closing quote) are reported like row errors.
 */
async function eachRow(
  source: ImportSource,
  visit: (result: ReturnType<typeof parseParticipant>, line: number) => void,
  report: (errors: FieldError[]) => void,
  afterChunk?: () => Promise<void>,
): Promise<void> {
  let positions: number[] | null = null;
  let width = 0;
  let headerFailed = false;
  try {
    await streamCsv(source, (fields, record, line) => {
      if (headerFailed) return;
      if (record === 1) {
        const header = resolveHeader(fields);
        if (header.errors.length > 0) {
          headerFailed = true;
          report(header.errors);
          return;
        }
        positions = header.positions;
        width = fields.length;
        return;
      }
      if (positions) visit(parseParticipant(fields, line, positions, width), line);
    }, afterChunk);
  } catch (err) {
    if (!(err instanceof DatasetError)) throw err;
    report([{ line: err.line ?? 0, column: "(file)", value: "", message: err.message }]);
    return;
  }
  if (positions === null && !headerFailed) report([{ line: 1, column: "(file)", value: "", message: "the file is empty: expected a header row" }]);
}

async function existingIds(prisma: PrismaClient, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if ((await prisma.patient.count()) === 0) return found;
  for (let i = 0; i < ids.length; i += ID_LOOKUP_CHUNK) {
    const rows = await prisma.patient.findMany({ where: { id: { in: ids.slice(i, i + ID_LOOKUP_CHUNK) } }, select: { id: true } });
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/**
 * Validates every row first (types, ranges, categories, dates, duplicate ids in the file and in
 * the database), then writes all rows in one transaction: either every row lands or none does.
 */
export async function importParticipants(
  db: Db,
  source: ImportSource,
  onProgress: (p: ImportProgress) => void = () => {},
  audit: AuditContext = { who: cliPrincipal() },
): Promise<ImportResult> {
  const started = performance.now();
  const errors: FieldError[] = [];
  let errorCount = 0;
  const report = (list: FieldError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  const idLines = new Map<string, number>();
  let rows = 0;
  await eachRow(
    source,
    (result, line) => {
      rows++;
      if (rows % 10_000 === 0) onProgress({ phase: "validate", rows });
      if ("errors" in result) return report(result.errors);
      const id = result.row.id as string;
      const first = idLines.get(id);
      if (first !== undefined) {
        report([{ line, column: "participant_id", value: id, message: `participant_id duplicates line ${first}` }]);
      } else idLines.set(id, line);
    },
    report,
  );
  if (errorCount === 0 && rows === 0) report([{ line: 2, column: "(file)", value: "", message: "the file has a header but no data rows" }]);
  if (errorCount === 0) {
    const clashes = await existingIds(db.prisma, [...idLines.keys()]);
    for (const id of clashes) {
      report([{ line: idLines.get(id) ?? 0, column: "participant_id", value: id, message: "participant_id already exists in the database" }]);
    }
  }
  onProgress({ phase: "validate", rows, total: rows });
  if (errorCount > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new ImportValidationError(errors, errorCount);
  }

  let written = 0;
  try {
    // A locked database is retried a few times (whole transactions), then reported as such.
    await withBusyRetry("Import", () => withBulkWriter(async (writer) => {
      written = 0;
      let chunk: SqlValue[][] = [];
      const now = new Date();
      // Rows are parsed synchronously, the writes are asynchronous: each flush queues one insert,
      // and the reader waits for the queue after every chunk of the file (and at the end).
      let writing: Promise<void> = Promise.resolve();
      const flush = () => {
        const insert = writer.insert("Patient", PATIENT_INSERT_COLUMNS, chunk).then((n) => {
          written += n;
          onProgress({ phase: "write", rows: written, total: rows });
        });
        writing = Promise.all([writing, insert]).then(() => undefined);
        // Awaited below; marked handled so a failure surfaces there and not as an unhandled rejection.
        writing.catch(() => undefined);
        chunk = [];
      };
      await eachRow(
        source,
        (result) => {
          if ("errors" in result) throw new Error("The file changed while it was being imported.");
          chunk.push(toInsertValues(result.row, now));
          if (chunk.length >= INSERT_CHUNK) flush();
        },
        () => {
          throw new Error("The file changed while it was being imported.");
        },
        () => writing,
      );
      if (chunk.length > 0) flush();
      await writing;
      // Recorded in the same transaction as the rows: an import and its entry land together or not at all.
      await writer.insert("AuditEvent", AUDIT_INSERT_COLUMNS, [auditInsertValues(audit, { action: "participants.import", target: "path" in source ? path.basename(String(source.path)) : "upload", detail: { rows: written } })]);
    }, db.url));
  } catch (err) {
    if (err instanceof DatabaseBusyError) throw err;
    const cause = err instanceof Error ? err.message : String(err);
    throw new Error(`Import failed while writing; the transaction was rolled back and nothing was written. Cause: ${cause}`, { cause: err });
  }
  await refreshStatistics(db.url);
  return { imported: written, seconds: (performance.now() - started) / 1000 };
}

export type { FieldError } from "./parse-participant";
