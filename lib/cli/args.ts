/** Minimal `--flag value` / `--flag=value` parsing with clear errors for the project's commands. */
export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
}

export function parseArgs(argv: string[], known: { values: string[]; switches?: string[] }): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const switches = new Set(known.switches ?? []);
  const values = new Set(known.values);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    if (switches.has(name)) {
      flags.set(name, ["true"]);
      continue;
    }
    if (!values.has(name)) throw new Error(`Unknown option --${name}. Known options: ${[...values, ...switches].map((v) => `--${v}`).join(", ")}`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new Error(`Option --${name} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

export function lastFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function listFlag(args: ParsedArgs, name: string): string[] | undefined {
  const v = args.flags.get(name);
  return v ? v.flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean) : undefined;
}

export function numberFlag(args: ParsedArgs, name: string, fallback: number): number {
  const raw = lastFlag(args, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) throw new Error(`Option --${name} must be a number, got "${raw}"`);
  return n;
}

/** `--param key=value` pairs; values stay strings for the parameter parser to type-check. */
export function paramFlags(args: ParsedArgs, name = "param"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of args.flags.get(name) ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--${name} expects key=value, got "${pair}"`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}
