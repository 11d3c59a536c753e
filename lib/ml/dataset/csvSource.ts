import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { CsvParser, type RecordHandler } from "./csvParser";

/** Where CSV text comes from: a file streamed from disk, or text already in memory. */
export type CsvSource = { path: string } | { text: string };

/** Large reads keep the per-chunk overhead (re-reading a partial record, hashing calls) negligible. */
const CHUNK_BYTES = 1 << 20;

/**
 * Streams the records of `source` to `onRecord` and resolves to the SHA-256 (lowercase hex) of
 * its bytes: the file's bytes, or the UTF-8 encoding of `text`. Hashing while reading means a
 * file is read once per pass, never loaded whole. `afterChunk`, when given, is awaited after each
 * chunk of a file: a consumer that queues asynchronous work per record (a database write) holds
 * the reading back there, so no more than a chunk's worth is ever queued.
 */
export async function streamCsv(source: CsvSource, onRecord: RecordHandler, afterChunk?: () => Promise<void>): Promise<string> {
  const hash = createHash("sha256");
  const parser = new CsvParser(onRecord);
  if ("text" in source) {
    hash.update(source.text, "utf8");
    parser.push(source.text);
    parser.end();
    return hash.digest("hex");
  }
  // The decoder holds back a multi-byte UTF-8 character split across two chunks.
  const decoder = new StringDecoder("utf8");
  const stream = createReadStream(source.path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    parser.push(decoder.write(chunk));
    if (afterChunk) await afterChunk();
  }
  parser.push(decoder.end());
  parser.end();
  return hash.digest("hex");
}
