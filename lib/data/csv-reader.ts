import fs from "node:fs";

/** One parsed CSV record with the 1-based line number it started on (header = line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Incremental RFC 4180 parser: feed it text chunks of any size (quotes and line breaks may span
 * chunks) and it hands back complete records. CRLF and LF both end a record.
 */
export class CsvRecordParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote seen inside a quoted field: either an escaped quote or the field's end. */
  private quotePending = false;
  private line = 1;
  private recordLine = 1;
  private fieldStarted = false;

  push(chunk: string, out: CsvRecord[]): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const ch = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (ch === 34) {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
          continue; // re-read this char outside quotes
        }
        if (ch === 34) {
          this.quotePending = true;
          i++;
          continue;
        }
        // Copy a run of ordinary quoted characters at once.
        let j = i;
        while (j < n && chunk.charCodeAt(j) !== 34) {
          if (chunk.charCodeAt(j) === 10) this.line++;
          j++;
        }
        this.field += chunk.slice(i, j);
        i = j;
        continue;
      }
      if (ch === 44) {
        this.fields.push(this.field);
        this.field = "";
        this.fieldStarted = true;
        i++;
      } else if (ch === 10 || ch === 13) {
        if (ch === 13 && i + 1 < n && chunk.charCodeAt(i + 1) === 10) i++;
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        i++;
      } else if (ch === 34 && this.field === "") {
        this.inQuotes = true;
        this.fieldStarted = true;
        i++;
      } else {
        let j = i;
        while (j < n) {
          const c = chunk.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.fieldStarted = true;
        i = j;
      }
    }
  }

  /** Flushes the last record when the input does not end with a line break. */
  end(out: CsvRecord[]): void {
    if (this.inQuotes && !this.quotePending) {
      throw new Error(`CSV line ${this.recordLine}: unterminated quoted field`);
    }
    this.inQuotes = false;
    this.quotePending = false;
    this.endRecord(out);
  }

  private endRecord(out: CsvRecord[]): void {
    if (this.fieldStarted || this.field !== "" || this.fields.length > 0) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = "";
    this.fieldStarted = false;
  }
}

/** Streams records from a CSV file in batches, so a million-row file never sits in memory. */
export async function* readCsvFile(path: string, highWaterMark = 1 << 20): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvRecordParser();
  const stream = fs.createReadStream(path, { encoding: "utf8", highWaterMark });
  let first = true;
  for await (const chunk of stream) {
    let text = chunk as string;
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    const out: CsvRecord[] = [];
    parser.push(text, out);
    if (out.length > 0) yield out;
  }
  const tail: CsvRecord[] = [];
  parser.end(tail);
  if (tail.length > 0) yield tail;
}

/** Same as readCsvFile for text already in memory (e.g. an upload), in batches of `batch`. */
export function* readCsvText(text: string, batch = 5000): Generator<CsvRecord[]> {
  const parser = new CsvRecordParser();
  const all: CsvRecord[] = [];
  parser.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, all);
  parser.end(all);
  for (let i = 0; i < all.length; i += batch) yield all.slice(i, i + batch);
}
