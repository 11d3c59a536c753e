import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

/** Query limits; small enough that no query can tie up the server, large enough for the dashboards. */
export const LIMITS = {
  maxDepth: 10,
  maxAliases: 30,
  /** Rough cost: each field 1, multiplied by the page size of the lists around it. */
  maxCost: 200_000,
  maxTokens: 5_000,
  defaultListSize: 50,
} as const;

function fragmentsOf(context: ValidationContext): Map<string, FragmentDefinitionNode> {
  return new Map(context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

function listSize(args: readonly { name: { value: string }; value: { kind: string; value?: string } }[] | undefined): number {
  const first = args?.find((a) => a.name.value === "first");
  return first && first.value.kind === Kind.INT && first.value.value !== undefined ? Number(first.value.value) : 1;
}

interface Measure {
  depth: number;
  aliases: number;
  cost: number;
}

function measure(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): Measure {
  const m: Measure = { depth: 0, aliases: 0, cost: 0 };
  for (const sel of set.selections) {
    let inner: Measure | null = null;
    let own = 0;
    let multiplier = 1;
    if (sel.kind === Kind.FIELD) {
      own = 1;
      if (sel.alias) m.aliases++;
      // `first` arguments (or list defaults) multiply what is selected below the field.
      multiplier = sel.arguments?.some((a) => a.name.value === "first") ? listSize(sel.arguments as never) : 1;
      if (sel.selectionSet) inner = measure(sel.selectionSet, fragments, seen);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(sel.selectionSet, fragments, seen);
    } else {
      const name = sel.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) inner = measure(fragment.selectionSet, fragments, new Set([...seen, name]));
    }
    const isField = sel.kind === Kind.FIELD;
    if (inner) {
      m.depth = Math.max(m.depth, inner.depth + (isField ? 1 : 0));
      m.aliases += inner.aliases;
      m.cost += own + multiplier * inner.cost;
    } else {
      m.depth = Math.max(m.depth, isField ? 1 : 0);
      m.cost += own;
    }
  }
  return m;
}

/** Rejects operations deeper, more aliased or costlier than LIMITS allow, before any resolver runs. */
export function queryLimitsRule(context: ValidationContext): ASTVisitor {
  const fragments = fragmentsOf(context);
  return {
    OperationDefinition(node) {
      const m = measure(node.selectionSet, fragments, new Set());
      const fail = (message: string) => context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code: "BAD_USER_INPUT" } }));
      if (m.depth > LIMITS.maxDepth) fail(`query depth ${m.depth} exceeds the limit of ${LIMITS.maxDepth}`);
      if (m.aliases > LIMITS.maxAliases) fail(`query uses ${m.aliases} aliases, the limit is ${LIMITS.maxAliases}`);
      if (m.cost > LIMITS.maxCost) fail(`query cost ${m.cost} exceeds the limit of ${LIMITS.maxCost}; ask for smaller pages`);
    },
  };
}
