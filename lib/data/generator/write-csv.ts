/**
 * Streams a generated dataset to a CSV file in bounded memory: rows are formatted in chunks and
 * each chunk waits for the file stream to drain when its buffer is full (backpressure).
 */
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import { formatParticipantCsvLine, participantCsvHeader } from "../csv-writer";
import { generateParticipants } from "./generate";
import type { GenerateOptions } from "./record";

/** Rows formatted per write: large enough to amortise stream overhead, small enough to stay flat. */
const CHUNK_ROWS = 2000;
const STREAM_BUFFER_BYTES = 1 << 20;

/** Called after each chunk reaches the file stream (roughly every 2,000 rows). */
export type CsvWriteProgress = (rowsWritten: number, totalRows: number) => void;

export interface CsvWriteSummary {
  outPath: string;
  rows: number;
  bytes: number;
  /** Rows with a known label (all rows unless `unlabeledShare` was set). */
  labeledRows: number;
  churnedRows: number;
  /** churnedRows / labeledRows, 0 when nothing is labelled. */
  churnRate: number;
}

/**
 * Writes the dataset for `options` to `outPath` (parent folders are created). The file appears
 * only when complete: data goes to a temporary sibling that is renamed at the end, so an
 * interrupted run never leaves a truncated file that looks valid.
 */
export async function writeParticipantsCsv(
  options: GenerateOptions,
  outPath: string,
  onProgress?: CsvWriteProgress,
): Promise<CsvWriteSummary> {
  const rows = generateParticipants(options); // throws on bad options before any file is touched
  await mkdir(path.dirname(path.resolve(outPath)), { recursive: true });
  const tmpPath = `${outPath}.partial-${process.pid}`;
  const stream = createWriteStream(tmpPath, { highWaterMark: STREAM_BUFFER_BYTES });
  // A stream error can arrive while no drain/finish wait is listening; without this listener it
  // would crash the process, and a destroyed stream would never emit the drain we wait for.
  let streamError: Error | undefined;
  stream.on("error", (error) => {
    streamError = error;
  });
  let bytes = 0;
  let rowsWritten = 0;
  let labeledRows = 0;
  let churnedRows = 0;

  const write = async (text: string): Promise<void> => {
    if (streamError) throw streamError;
    bytes += Buffer.byteLength(text);
    if (!stream.write(text)) await once(stream, "drain");
  };

  try {
    await write(participantCsvHeader());
    let chunk = "";
    let inChunk = 0;
    for (const record of rows) {
      chunk += formatParticipantCsvLine(record);
      if (record.churned !== null) {
        labeledRows += 1;
        if (record.churned) churnedRows += 1;
      }
      inChunk += 1;
      if (inChunk === CHUNK_ROWS) {
        await write(chunk);
        rowsWritten += inChunk;
        chunk = "";
        inChunk = 0;
        onProgress?.(rowsWritten, options.rows);
      }
    }
    if (inChunk > 0) {
      await write(chunk);
      rowsWritten += inChunk;
      onProgress?.(rowsWritten, options.rows);
    }
    stream.end();
    await finished(stream);
    await rename(tmpPath, outPath);
  } catch (error) {
    stream.destroy();
    await rm(tmpPath, { force: true });
    throw error;
  }

  return {
    outPath,
    rows: rowsWritten,
    bytes,
    labeledRows,
    churnedRows,
    churnRate: labeledRows > 0 ? churnedRows / labeledRows : 0,
  };
}
