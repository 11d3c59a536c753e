import { describe, expect, it } from "vitest";
import { ProtoWriter } from "../../../lib/ml/onnx/protobuf";

function bytes(write: (w: ProtoWriter) => void): number[] {
  const w = new ProtoWriter();
  write(w);
  return Array.from(w.finish());
}

describe("ProtoWriter", () => {
  it("encodes varints, including negative int64 as ten bytes", () => {
    expect(bytes((w) => w.varint(0))).toEqual([0]);
    expect(bytes((w) => w.varint(127))).toEqual([127]);
    expect(bytes((w) => w.varint(300))).toEqual([0xac, 0x02]);
    expect(bytes((w) => w.varint(2 ** 53 - 1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(bytes((w) => w.varint(-1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it("encodes tagged fields as the protobuf spec's examples do", () => {
    expect(bytes((w) => w.intField(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes((w) => w.stringField(2, "testing"))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    expect(bytes((w) => w.messageField(3, (inner) => inner.intField(1, 150)))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    expect(bytes((w) => w.packedVarints(4, [3, 270, 86942]))).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
  });

  it("encodes fixed-width floats little-endian", () => {
    expect(bytes((w) => w.doubleField(1, 1))).toEqual([0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    expect(bytes((w) => w.floatField(2, 1))).toEqual([0x15, 0, 0, 0x80, 0x3f]);
    expect(bytes((w) => w.packedFloats(3, [1, -2]))).toEqual([0x1a, 0x08, 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0]);
  });

  it("grows past its initial buffer", () => {
    const data = new Uint8Array(10_000).map((_, i) => i & 0xff);
    const out = bytes((w) => w.bytesField(1, data));
    expect(out.slice(0, 3)).toEqual([0x0a, 0x90, 0x4e]);
    expect(out.slice(3)).toEqual(Array.from(data));
  });
});
