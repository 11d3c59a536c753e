import type { Metadata } from "next";
import { getPrisma } from "@/lib/db/client";
import { COLUMNS } from "@/lib/data/columns";
import { MAX_BATCH_ROWS } from "@/lib/dashboard/batch-parse";
import { MAX_BATCH_CSV_BYTES } from "@/lib/dashboard/batch-request";
import { servedVersion } from "@/lib/ml/versions/registry";
import { BatchScorer } from "./batch-scorer";
import styles from "./batch.module.css";

export const metadata: Metadata = { title: "Batch scoring" };
// Whether a model is served is read from the live database on every request.
export const dynamic = "force-dynamic";

export default async function BatchPage() {
  const version = await servedVersion(getPrisma());
  return (
    <>
      <h1>Batch scoring</h1>
      <p className="subtitle">
        Score a participants CSV with the served model: withdrawal probability, risk tier, lifetime value and the factors behind each score. The file is only
        scored, never imported into the database.
      </p>
      {version === null ? (
        <div className="empty" role="status">
          No model is served yet, so files cannot be scored. Train one with <code>npm run train</code> (or promote an existing version with{" "}
          <code>npm run models:promote</code>), then reload this page.
        </div>
      ) : (
        <BatchScorer modelVersion={version} maxBytes={MAX_BATCH_CSV_BYTES} maxRows={MAX_BATCH_ROWS} />
      )}
      <details className={styles.columns}>
        <summary>Expected columns</summary>
        <p>
          The header row names the columns below, in any order (the same format <code>npm run data:import</code> reads). Empty cells are allowed only where
          marked optional; <code>churned</code> may be left out.
        </p>
        <ul>
          {COLUMNS.map((c) => (
            <li key={c.csv}>
              <code>{c.csv}</code>
              {c.nullable ? " (optional)" : ""}: {c.description}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}
