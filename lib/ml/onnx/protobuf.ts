/**
 * Minimal protocol-buffers encoder: just the wire formats ONNX models need (varints, 64-bit and
 * 32-bit fixed, length-delimited), so the exporter needs no protobuf dependency or generated code.
 * Fields are written in the order the caller emits them; protobuf parsers accept any order.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private rawBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * Unsigned varint of a non-negative safe integer, or of any int64 as BigInt. Negative int64
   * values are encoded in two's complement over 64 bits (10 bytes), as protobuf requires.
   */
  varint(value: number | bigint): void {
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
      let v = value;
      while (v >= 0x80) {
        this.byte((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      this.byte(v);
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** int64 / int32 / enum / bool field. */
  intField(field: number, value: number | bigint): void {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
  }

  floatField(field: number, value: number): void {
    this.tag(field, WIRE_FIXED32);
    this.scratch.setFloat32(0, value, true);
    this.rawBytes(new Uint8Array(this.scratch.buffer, 0, 4));
  }

  doubleField(field: number, value: number): void {
    this.tag(field, WIRE_FIXED64);
    this.scratch.setFloat64(0, value, true);
    this.rawBytes(new Uint8Array(this.scratch.buffer, 0, 8));
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(bytes.length);
    this.rawBytes(bytes);
  }

  stringField(field: number, value: string): void {
    this.bytesField(field, utf8.encode(value));
  }

  /** Embedded message, encoded by `write` into its own writer first so its length is known. */
  messageField(field: number, write: (inner: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.bytesField(field, inner.finish());
  }

  /** Packed repeated varints (repeated int64 with [packed = true] or proto3 default packing). */
  packedVarints(field: number, values: ArrayLike<number | bigint>): void {
    const inner = new ProtoWriter();
    for (let i = 0; i < values.length; i++) inner.varint(values[i]);
    this.bytesField(field, inner.finish());
  }

  /** Packed repeated float. */
  packedFloats(field: number, values: ArrayLike<number>): void {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    this.bytesField(field, bytes);
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
