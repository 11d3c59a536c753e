import type { Metadata } from "next";
import { getPrisma } from "@/lib/db/client";
import { DEFAULT_INTERVENTIONS } from "@/lib/planner";
import { formatInt } from "@/lib/format";
import { PlannerForm } from "./planner-form";

export const metadata: Metadata = { title: "Retention planner" };
// The served model and its stored predictions are read from the live database on every request.
export const dynamic = "force-dynamic";

/** Default budget shown: enough for a few hundred of the cheaper interventions. */
const DEFAULT_BUDGET_USD = 50_000;

export default async function PlannerPage() {
  const prisma = getPrisma();
  const served = await prisma.modelVersion.findFirst({ where: { isServed: true }, select: { id: true, version: true } });
  const scored = served ? await prisma.prediction.count({ where: { modelVersionId: served.id } }) : 0;
  return (
    <>
      <h1>Retention planner</h1>
      <p className="subtitle">
        Where a retention budget does the most good: at most one intervention per participant, chosen to maximise expected value saved minus cost within
        the budget.
      </p>
      {served === null ? (
        <div className="empty" role="status">
          No model is served yet, so there are no withdrawal probabilities to plan with. Train one with <code>npm run train</code> (or promote a version
          with <code>npm run models:promote</code>), score the participants with <code>npm run score</code>, then reload this page.
        </div>
      ) : scored === 0 ? (
        <div className="empty" role="status">
          The served model <code>{served.version}</code> has not scored any participants yet. Run <code>npm run score</code>, then reload this page.
        </div>
      ) : (
        <>
          <p className="subtitle">
            Plans over the {formatInt(scored)} participants scored by model <code>{served.version}</code>.
          </p>
          <PlannerForm
            defaultBudget={DEFAULT_BUDGET_USD}
            defaults={DEFAULT_INTERVENTIONS.map(({ name, costUsd, relativeReduction }) => ({ name, costUsd, relativeReduction }))}
          />
        </>
      )}
    </>
  );
}
