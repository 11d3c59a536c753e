import { ProtoWriter } from "./protobuf";

/**
 * The subset of ONNX's protobuf schema (onnx.proto, IR version 10) the exporter writes, as plain
 * specs plus an encoder. Field numbers are ONNX's; tensors always use `raw_data` (little-endian)
 * so doubles keep every bit.
 */

export const ElemType = { FLOAT: 1, UINT8: 2, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
export type ElemTypeCode = (typeof ElemType)[keyof typeof ElemType];

export interface TensorSpec {
  name?: string;
  dims: number[];
  dataType: ElemTypeCode;
  raw: Uint8Array;
}

function littleEndian(count: number, bytesEach: number, put: (view: DataView, offset: number, index: number) => void): Uint8Array {
  const bytes = new Uint8Array(count * bytesEach);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) put(view, i * bytesEach, i);
  return bytes;
}

export function doubleTensor(values: ArrayLike<number>, dims: number[] = [values.length], name?: string): TensorSpec {
  const raw = littleEndian(values.length, 8, (view, offset, i) => view.setFloat64(offset, values[i], true));
  return { name, dims, dataType: ElemType.DOUBLE, raw };
}

export function floatTensor(values: ArrayLike<number>, dims: number[] = [values.length], name?: string): TensorSpec {
  const raw = littleEndian(values.length, 4, (view, offset, i) => view.setFloat32(offset, values[i], true));
  return { name, dims, dataType: ElemType.FLOAT, raw };
}

export function int64Tensor(values: ArrayLike<number>, dims: number[] = [values.length], name?: string): TensorSpec {
  const raw = littleEndian(values.length, 8, (view, offset, i) => view.setBigInt64(offset, BigInt(values[i]), true));
  return { name, dims, dataType: ElemType.INT64, raw };
}

export function uint8Tensor(values: ArrayLike<number>, dims: number[] = [values.length], name?: string): TensorSpec {
  return { name, dims, dataType: ElemType.UINT8, raw: Uint8Array.from(values) };
}

export type AttributeSpec =
  | { name: string; kind: "int"; value: number }
  | { name: string; kind: "ints"; value: ArrayLike<number> }
  | { name: string; kind: "float"; value: number }
  | { name: string; kind: "string"; value: string }
  | { name: string; kind: "strings"; value: string[] }
  | { name: string; kind: "tensor"; value: TensorSpec };

export interface NodeSpec {
  opType: string;
  domain?: string;
  name?: string;
  inputs: string[];
  outputs: string[];
  attributes?: AttributeSpec[];
}

export interface ValueInfoSpec {
  name: string;
  elemType: ElemTypeCode;
  /** Per dimension: a fixed size, or a symbolic name for a dynamic one (e.g. "N"). */
  shape: Array<number | string>;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
  initializers?: TensorSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opsets: Array<{ domain: string; version: number }>;
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata?: Array<[string, string]>;
  graph: GraphSpec;
}

// AttributeProto.AttributeType values.
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, ints: 7, strings: 8 } as const;

function writeTensor(w: ProtoWriter, tensor: TensorSpec): void {
  w.packedVarints(1, tensor.dims);
  w.intField(2, tensor.dataType);
  if (tensor.name !== undefined) w.stringField(8, tensor.name);
  w.bytesField(9, tensor.raw);
}

function writeAttribute(w: ProtoWriter, attribute: AttributeSpec): void {
  w.stringField(1, attribute.name);
  w.intField(20, ATTRIBUTE_TYPE[attribute.kind]);
  switch (attribute.kind) {
    case "float":
      w.floatField(2, attribute.value);
      break;
    case "int":
      w.intField(3, attribute.value);
      break;
    case "string":
      w.stringField(4, attribute.value);
      break;
    case "tensor":
      w.messageField(5, (inner) => writeTensor(inner, attribute.value));
      break;
    case "ints":
      w.packedVarints(8, attribute.value);
      break;
    case "strings":
      for (const value of attribute.value) w.stringField(9, value);
      break;
  }
}

function writeNode(w: ProtoWriter, node: NodeSpec): void {
  for (const input of node.inputs) w.stringField(1, input);
  for (const output of node.outputs) w.stringField(2, output);
  if (node.name !== undefined) w.stringField(3, node.name);
  w.stringField(4, node.opType);
  for (const attribute of node.attributes ?? []) w.messageField(5, (inner) => writeAttribute(inner, attribute));
  if (node.domain !== undefined) w.stringField(7, node.domain);
}

function writeValueInfo(w: ProtoWriter, info: ValueInfoSpec): void {
  w.stringField(1, info.name);
  w.messageField(2, (type) =>
    type.messageField(1, (tensorType) => {
      tensorType.intField(1, info.elemType);
      tensorType.messageField(2, (shape) => {
        for (const dim of info.shape) {
          shape.messageField(1, (d) => (typeof dim === "number" ? d.intField(1, dim) : d.stringField(2, dim)));
        }
      });
    }),
  );
}

function writeGraph(w: ProtoWriter, graph: GraphSpec): void {
  for (const node of graph.nodes) w.messageField(1, (inner) => writeNode(inner, node));
  w.stringField(2, graph.name);
  for (const tensor of graph.initializers ?? []) w.messageField(5, (inner) => writeTensor(inner, tensor));
  for (const input of graph.inputs) w.messageField(11, (inner) => writeValueInfo(inner, input));
  for (const output of graph.outputs) w.messageField(12, (inner) => writeValueInfo(inner, output));
}

export function encodeModel(model: ModelSpec): Uint8Array {
  const w = new ProtoWriter();
  w.intField(1, model.irVersion);
  w.stringField(2, model.producerName);
  w.stringField(3, model.producerVersion);
  if (model.docString !== undefined) w.stringField(6, model.docString);
  w.messageField(7, (inner) => writeGraph(inner, model.graph));
  for (const opset of model.opsets) {
    w.messageField(8, (inner) => {
      inner.stringField(1, opset.domain);
      inner.intField(2, opset.version);
    });
  }
  for (const [key, value] of model.metadata ?? []) {
    w.messageField(14, (inner) => {
      inner.stringField(1, key);
      inner.stringField(2, value);
    });
  }
  return w.finish();
}
