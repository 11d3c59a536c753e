import { DatasetError } from "./errors";

/**
 * Receives one record. `fields` is the parser's own array, reused for the next record, so that a
 * million-row file does not leave a million arrays behind: copy it if you need to keep it.
 * `record` counts records from 1 (the header, if any, is record 1); `line` is the 1-based line
 * on which the record starts.
 */
export type RecordHandler = (fields: string[], record: number, line: number) => void;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && s.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/**
 * Incremental RFC 4180 parser: feed text with `push` in chunks of any size, then call `end`.
 *
 * - Fields are separated by commas; records end with LF, CRLF or a lone CR.
 * - A field starting with a double quote is quoted: it may hold commas, line breaks and `""`
 *   (an escaped quote). Anything but a comma or line end after the closing quote is an error,
 *   as is a quote inside an unquoted field: guessing what such text meant would silently shift
 *   columns.
 * - Empty lines are skipped (they are usually a trailing newline or a stray blank line, never a
 *   meaningful record). A UTF-8 byte-order mark at the very start is dropped.
 * - No trimming: spaces are part of the value.
 *
 * An incomplete record at the end of a chunk is kept and re-read when the next chunk arrives;
 * records are short, so that re-read costs little and keeps the state machine simple.
 */
export class CsvParser {
  private pending = "";
  private pendingLine = 1;
  private records = 0;
  private started = false;
  private readonly fields: string[] = [];
  private readonly onRecord: RecordHandler;

  constructor(onRecord: RecordHandler) {
    this.onRecord = onRecord;
  }

  push(chunk: string): void {
    this.consume(this.pending.length === 0 ? chunk : this.pending + chunk, false);
  }

  end(): void {
    this.consume(this.pending, true);
    this.pending = "";
  }

  private consume(text: string, final: boolean): void {
    let buf = text;
    if (!this.started && buf.length > 0) {
      this.started = true;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
    }
    const n = buf.length;
    const fields = this.fields;
    let pos = 0;
    let line = this.pendingLine;

    records: while (pos < n) {
      const recordStart = pos;
      const recordLine = line;
      const first = buf.charCodeAt(pos);
      if (first === LF) {
        pos++;
        line++;
        continue;
      }
      if (first === CR) {
        if (pos + 1 >= n && !final) break; // an LF may follow in the next chunk
        pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        continue;
      }

      fields.length = 0;
      for (;;) {
        if (pos < n && buf.charCodeAt(pos) === QUOTE) {
          const fieldLine = line;
          let value = "";
          let p = pos + 1;
          for (;;) {
            const q = buf.indexOf('"', p);
            if (q === -1 || (q + 1 >= n && !final)) {
              // Either unterminated, or the quote might be the first half of a `""` split across chunks.
              if (!final) {
                pos = recordStart;
                line = recordLine;
                break records;
              }
              throw new DatasetError("CSV_SYNTAX", `CSV syntax error: quoted field opened on line ${fieldLine} is never closed`, {
                line: fieldLine,
              });
            }
            const part = buf.slice(p, q);
            line += countLineBreaks(part);
            value += part;
            if (buf.charCodeAt(q + 1) === QUOTE) {
              value += '"';
              p = q + 2;
              continue;
            }
            p = q + 1;
            break;
          }
          fields.push(value);
          pos = p;
        } else {
          let p = pos;
          while (p < n) {
            const c = buf.charCodeAt(p);
            if (c === COMMA || c === LF || c === CR) break;
            if (c === QUOTE) {
              throw new DatasetError(
                "CSV_SYNTAX",
                `CSV syntax error on line ${line}: a double quote inside an unquoted field; quote the whole field and write the inner quote as ""`,
                { line },
              );
            }
            p++;
          }
          if (p >= n && !final) {
            pos = recordStart;
            line = recordLine;
            break records;
          }
          fields.push(buf.slice(pos, p));
          pos = p;
        }

        if (pos >= n) break; // only reached when final: the last record has no line break
        const c = buf.charCodeAt(pos);
        if (c === COMMA) {
          pos++;
          continue;
        }
        if (c === LF) {
          pos++;
          line++;
          break;
        }
        if (c === CR) {
          if (pos + 1 >= n && !final) {
            pos = recordStart;
            line = recordLine;
            break records;
          }
          pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
          line++;
          break;
        }
        throw new DatasetError(
          "CSV_SYNTAX",
          `CSV syntax error on line ${line}: unexpected text after a closing quote; a quoted field must end at a comma or line end`,
          { line },
        );
      }
      this.records++;
      this.onRecord(fields, this.records, recordLine);
    }

    this.pending = pos === 0 ? buf : buf.slice(pos);
    this.pendingLine = line;
  }
}

/** Parses a whole CSV text, calling `onRecord` for each record (see `RecordHandler`). */
export function parseCsv(text: string, onRecord: RecordHandler): void {
  const parser = new CsvParser(onRecord);
  parser.push(text);
  parser.end();
}
