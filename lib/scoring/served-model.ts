import type { PrismaClient } from "../db/client";
import { servedVersion } from "../ml/versions/registry";
import { loadModel, type LoadedModel } from "./loaded-model";

/** How long a process trusts its idea of the served version before asking the database again. */
const DEFAULT_REFRESH_MS = 2000;
/** In-flight calls on a replaced session get this long to finish before it is released. */
const RELEASE_DELAY_MS = 30_000;

/**
 * The process's one scoring session for the served model version. The database says which
 * version is served; when that changes (a promotion, from this or another process), the new
 * version is loaded completely first and then swapped in with one assignment, so a request sees
 * either the old model or the new one, never a mix.
 */
export class ServedModel {
  private current: LoadedModel | null = null;
  private checkedAt = 0;
  private pending: Promise<LoadedModel> | null = null;
  /** Why the served version could not be loaded, while an older one keeps serving. */
  lastError: string | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly refreshMs: number = DEFAULT_REFRESH_MS,
    private readonly load: (prisma: PrismaClient, version: string) => Promise<LoadedModel> = loadModel,
  ) {}

  /** The served model, reloading it when the served version changed. */
  async get(): Promise<LoadedModel> {
    if (this.current && Date.now() - this.checkedAt < this.refreshMs) return this.current;
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** The version loaded now (null before the first load); may be up to refreshMs behind the database. */
  get currentVersion(): string | null {
    return this.current?.version ?? null;
  }

  /** Forget the cached check, e.g. right after this process promoted a version. */
  invalidate(): void {
    this.checkedAt = 0;
  }

  private async refresh(): Promise<LoadedModel> {
    const version = await servedVersion(this.prisma);
    if (!version) throw new Error("No model is served yet: train one (npm run train) or promote one (npm run models:promote).");
    if (this.current?.version !== version) {
      let next: LoadedModel;
      try {
        next = await this.load(this.prisma, version);
      } catch (err) {
        // A version that cannot be loaded must not take the service down: keep the one we have.
        if (!this.current) throw err;
        this.lastError = `could not load served version ${version}: ${err instanceof Error ? err.message : String(err)}`;
        this.checkedAt = Date.now();
        return this.current;
      }
      const previous = this.current;
      this.current = next;
      this.lastError = null;
      if (previous) setTimeout(() => void previous.session.release().catch(() => undefined), RELEASE_DELAY_MS).unref();
    }
    this.checkedAt = Date.now();
    return this.current as LoadedModel;
  }

  async close(): Promise<void> {
    const model = this.current;
    this.current = null;
    if (model) await model.session.release();
  }
}
