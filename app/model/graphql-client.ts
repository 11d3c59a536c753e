import type { VersionRow } from "@/lib/dashboard/model-versions";

/** GraphQL over fetch for the Model page's client components; errors become readable messages. */
export async function gql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/api/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new Error("The server could not be reached. Check that it is running and try again.");
  }
  let body: { data?: T | null; errors?: Array<{ message: string }> };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    throw new Error(`The server answered ${res.status} ${res.statusText} without a GraphQL response.`);
  }
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (!res.ok || !body.data) throw new Error(`The server answered ${res.status} ${res.statusText}.`);
  return body.data;
}

/** A ModelVersion as the queries below return it: the page's row, with raw metrics instead of the two it lists. */
type GqlVersion = Omit<VersionRow, "rocAuc" | "logLoss"> & { metrics: Record<string, unknown> | null };

// Polled every second while training runs: only the summary, not the curves in `metrics`.
const VERSIONS_QUERY = `query ModelVersions { modelVersions { version status progress source served scoringStatus createdAt finishedAt error } }`;
const VERSIONS_WITH_METRICS_QUERY = `query ModelVersionMetrics { modelVersions { version metrics } }`;

export async function fetchVersions(): Promise<VersionRow[]> {
  const [summary, withMetrics] = await Promise.all([
    gql<{ modelVersions: Omit<GqlVersion, "metrics">[] }>(VERSIONS_QUERY),
    gql<{ modelVersions: Array<Pick<GqlVersion, "version" | "metrics">> }>(VERSIONS_WITH_METRICS_QUERY),
  ]);
  const metrics = new Map(withMetrics.modelVersions.map((v) => [v.version, v.metrics]));
  return summary.modelVersions.map((v) => {
    const m = metrics.get(v.version) ?? null;
    const num = (k: string) => (m && typeof m[k] === "number" ? (m[k] as number) : null);
    return { ...v, rocAuc: num("rocAuc"), logLoss: num("logLoss") };
  });
}

export async function fetchVersionStatuses(): Promise<Array<Omit<GqlVersion, "metrics">>> {
  return (await gql<{ modelVersions: Omit<GqlVersion, "metrics">[] }>(VERSIONS_QUERY)).modelVersions;
}

export async function fetchMetrics(): Promise<Map<string, Record<string, unknown> | null>> {
  const data = await gql<{ modelVersions: Array<Pick<GqlVersion, "version" | "metrics">> }>(VERSIONS_WITH_METRICS_QUERY);
  return new Map(data.modelVersions.map((v) => [v.version, v.metrics]));
}

export async function trainModel(params: Record<string, number>): Promise<string> {
  return (await gql<{ trainModel: string }>(`mutation Train($params: JSON) { trainModel(params: $params) }`, { params })).trainModel;
}

export async function promoteModel(version: string): Promise<void> {
  await gql<{ promoteModel: { version: string } }>(`mutation Promote($version: String!) { promoteModel(version: $version) { version served } }`, { version });
}
