import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";

export const DateScalar = new GraphQLScalarType<Date, string>({
  name: "Date",
  description: "A calendar date, YYYY-MM-DD.",
  serialize: (value) => (value as Date).toISOString().slice(0, 10),
  parseValue: (value) => parseDay(value),
  parseLiteral: (ast) => parseDay(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDay(value: unknown): Date {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new GraphQLError(`Date must be YYYY-MM-DD, got ${JSON.stringify(value)}`);
  const d = new Date(`${value}T00:00:00.000Z`);
  if (d.toISOString().slice(0, 10) !== value) throw new GraphQLError(`${value} is not a valid calendar date`);
  return d;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "A point in time, ISO-8601 UTC.",
  serialize: (value) => (value as Date).toISOString(),
  parseValue: (value) => new Date(String(value)),
});

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      throw new GraphQLError("JSON literals cannot hold variables");
  }
}

export const JsonScalar = new GraphQLScalarType({
  name: "JSON",
  description: "Arbitrary JSON.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalToJson,
});
