import { HttpError } from "../http/json-route";

/** Largest CSV upload the batch route reads: about 30,000 rows, three times the row limit. */
export const MAX_BATCH_CSV_BYTES = 8 * 1024 * 1024;

const CSV_TYPES = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream"];

/**
 * The request's CSV text, refusing bodies over `limit` bytes with 413: first by the declared
 * length, then while reading, so an undeclared (chunked) upload is never buffered past the limit.
 * A body that is declared as something other than CSV text is refused with 415.
 */
export async function readCsvBody(req: Request, limit = MAX_BATCH_CSV_BYTES): Promise<string> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "" && !CSV_TYPES.includes(type)) throw new HttpError(415, `the body must be CSV text (content-type text/csv), got ${type}`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  const tooLarge = () => new HttpError(413, `the file is too large: at most ${(limit / 1024 / 1024).toFixed(0)} MB per upload; split it into smaller files`);
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8").decode(Buffer.concat(chunks));
}
