import { GraphQLError } from "graphql";
import { InvalidParticipantInput } from "../lib/scoring/validate-participant";

export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", ...extensions } });
}

/** Turns domain validation errors into BAD_USER_INPUT errors that name the argument and field. */
export async function asUserInput<T>(argument: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof InvalidParticipantInput) {
      const path = (row: number) => (argument.endsWith("s") ? `${argument}[${row}]` : argument);
      const problems = err.problems.map((p) => ({ argument: path(p.row), field: p.field, message: p.message }));
      throw badInput(problems.slice(0, 5).map((p) => `${p.argument}.${p.field}: ${p.message}`).join("; ") + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""), { problems });
    }
    if (err instanceof RangeError || err instanceof TypeError || (err instanceof Error && err.name === "TrainParamError")) throw badInput(`${argument}: ${err.message}`);
    throw err;
  }
}
