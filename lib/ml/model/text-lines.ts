/** One line of a model text, with where it sits in the UTF-8 byte stream LightGBM reads. */
export interface TextLine {
  /** Line content without the trailing "\n" (and without a "\r" before it). */
  text: string;
  /** 1-based line number, for error messages. */
  number: number;
  /** Byte offset of the line's first byte. */
  byteStart: number;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair is one 4-byte code point.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Splits a model text into lines, tracking byte offsets: `tree_sizes` counts bytes, and the
 * header (feature names) may hold non-ASCII text that shifts byte and character positions apart.
 * The returned list ends with a sentinel line (empty text) whose byteStart is the text's length.
 */
export function splitLines(text: string): TextLine[] {
  const pieces = text.split("\n");
  const lines: TextLine[] = [];
  let byteStart = 0;
  for (let i = 0; i < pieces.length; i++) {
    const raw = pieces[i];
    const isLast = i === pieces.length - 1;
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    lines.push({ text: content, number: i + 1, byteStart });
    byteStart += utf8Length(raw) + (isLast ? 0 : 1);
  }
  if (pieces[pieces.length - 1] !== "") {
    // Text without a final newline: add the sentinel so callers can always look one line past.
    lines.push({ text: "", number: pieces.length + 1, byteStart });
  }
  return lines;
}
