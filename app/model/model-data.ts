import type { PrismaClient } from "@/lib/db/client";
import type { VersionRow } from "@/lib/dashboard/model-versions";
import type { ModelMetadata } from "@/lib/ml/artifacts/model-metadata";
import { ensureLocalArtifacts } from "@/lib/ml/artifacts/artifact-sync";
import { modelsRoot, readGlobalExplanations, readModelMetadata } from "@/lib/ml/artifacts/model-store";
import type { GlobalExplanations } from "@/lib/ml/explain/global-explanations";

/** Everything the Model page shows, read on the server for each request. */
export interface ModelPageData {
  versions: VersionRow[];
  /** The served version's files, or why they could not be read; null when no version is served. */
  served: { version: string; metadata: ModelMetadata | null; explanations: GlobalExplanations | null; problem: string | null } | null;
}

function metricNumber(metrics: unknown, key: "rocAuc" | "logLoss"): number | null {
  if (!metrics || typeof metrics !== "object") return null;
  const v = (metrics as Record<string, unknown>)[key];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export async function loadVersionRows(prisma: PrismaClient): Promise<VersionRow[]> {
  const rows = await prisma.modelVersion.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    progress: r.progress,
    source: r.source,
    served: r.isServed,
    scoringStatus: r.scoringStatus,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
    rocAuc: metricNumber(r.metrics, "rocAuc"),
    logLoss: metricNumber(r.metrics, "logLoss"),
  }));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadModelPage(prisma: PrismaClient): Promise<ModelPageData> {
  const versions = await loadVersionRows(prisma);
  const servedRow = versions.find((v) => v.served);
  if (!servedRow) return { versions, served: null };
  const version = servedRow.version;
  // A served version whose files went missing (e.g. another MODELS_DIR) still shows the versions list.
  let metadata: ModelMetadata | null = null;
  let explanations: GlobalExplanations | null = null;
  let problem: string | null = null;
  try {
    await ensureLocalArtifacts(prisma, version);
    metadata = readModelMetadata(version);
    explanations = readGlobalExplanations(version);
    if (!explanations) problem = `Model version ${version} has no stored global explanations (explanations.json) in ${modelsRoot()}; versions imported from LightGBM files have none, versions trained here do.`;
  } catch (err) {
    problem = `Could not read model version ${version} from ${modelsRoot()}: ${describe(err)}`;
  }
  return { versions, served: { version, metadata, explanations, problem } };
}
