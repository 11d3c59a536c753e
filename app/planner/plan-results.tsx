"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { ChartCanvas } from "@/app/_components/chart";
import { planCurveChart } from "@/lib/dashboard/planner-chart";
import { PLAN_TABLE_ROWS, type PlanView } from "@/lib/dashboard/planner-query";
import { formatInt, formatPercent, formatUsd } from "@/lib/format";
import styles from "./planner.module.css";

/** Totals, the value-against-budget curve and the chosen participants of one plan. */
export function PlanResults({ plan }: { plan: PlanView }) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Moves focus to the new plan so keyboard and screen-reader users land on it.
  useEffect(() => heading.current?.focus(), [plan]);
  const chart = planCurveChart(plan.curve, plan.budgetUsd, plan.expectedValueSavedUsd);
  const used = plan.budgetUsd > 0 ? plan.totalCostUsd / plan.budgetUsd : 0;
  return (
    <section aria-labelledby="plan-title" data-testid="plan-results" className={styles.results}>
      <h2 id="plan-title" ref={heading} tabIndex={-1}>
        Plan for a budget of {formatUsd(plan.budgetUsd)}
      </h2>
      <dl className="kpis">
        <div className="kpi">
          <dt>Cost</dt>
          <dd data-testid="plan-cost" data-value={plan.totalCostUsd}>
            {formatUsd(plan.totalCostUsd)}
          </dd>
          <p className={styles.kpiNote}>
            {formatPercent(used)} of {formatUsd(plan.budgetUsd)}
          </p>
          <meter className={styles.meter} min={0} max={1} value={Math.min(1, used)} aria-label="Share of the budget spent" />
        </div>
        <div className="kpi">
          <dt>Expected value saved</dt>
          <dd data-testid="plan-saved">{formatUsd(plan.expectedValueSavedUsd)}</dd>
        </div>
        <div className="kpi">
          <dt>Net value</dt>
          <dd data-testid="plan-net">{formatUsd(plan.netValueUsd)}</dd>
        </div>
        <div className="kpi">
          <dt>Participants chosen</dt>
          <dd data-testid="plan-participants">{formatInt(plan.assignmentCount)}</dd>
        </div>
        <div className="kpi">
          <dt>Solver</dt>
          <dd data-testid="plan-solver">{plan.solver}</dd>
          <p className={styles.kpiNote}>{plan.solver === "exact" ? "optimal plan" : "near-optimal (LP greedy)"}</p>
        </div>
      </dl>

      <div className={styles.stack}>
        <section className="panel" aria-labelledby="plan-curve-title">
          <h2 id="plan-curve-title">Value saved against budget</h2>
          <p className={styles.hint}>Expected value saved by the best plan at each budget; the marker is the budget above.</p>
          <ChartCanvas
            type="line"
            data={chart.data}
            options={chart.options}
            label={`Expected value saved rises from ${formatUsd(0)} to ${formatUsd(plan.curve.at(-1)?.expectedValueSavedUsd ?? 0)} as the budget grows to ${formatUsd(plan.curve.at(-1)?.budgetUsd ?? 0)}; this plan saves ${formatUsd(plan.expectedValueSavedUsd)} for ${formatUsd(plan.totalCostUsd)}.`}
            testId="plan-curve"
          />
        </section>

        <section className="panel" aria-labelledby="plan-chosen-title">
          <h2 id="plan-chosen-title">Chosen participants</h2>
          {plan.assignmentCount === 0 ? (
            <p className="empty" role="status">
              No intervention pays for itself within this budget. Try a larger budget or cheaper, more effective interventions.
            </p>
          ) : (
            <table data-testid="plan-table">
              <caption className={styles.caption}>
                {plan.assignmentCount > plan.assignments.length
                  ? `The ${formatInt(plan.assignments.length)} highest net values of ${formatInt(plan.assignmentCount)} chosen participants (at most ${formatInt(PLAN_TABLE_ROWS)} are listed).`
                  : `All ${formatInt(plan.assignmentCount)} chosen participants, highest net value first.`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Participant</th>
                  <th scope="col" className={styles.left}>
                    Intervention
                  </th>
                  <th scope="col">Cost</th>
                  <th scope="col">Withdrawal probability</th>
                  <th scope="col">Expected value saved</th>
                </tr>
              </thead>
              <tbody>
                {plan.assignments.map((a) => (
                  <tr key={a.participantId}>
                    <td>
                      <Link href={`/patients/${encodeURIComponent(a.participantId)}`} prefetch={false}>
                        {a.participantId}
                      </Link>
                    </td>
                    <td className={styles.left}>{a.intervention}</td>
                    <td>{formatUsd(a.costUsd)}</td>
                    <td>
                      {formatPercent(a.churnProbability)} → {formatPercent(a.reducedChurnProbability)}
                    </td>
                    <td>{formatUsd(a.expectedValueSavedUsd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </section>
  );
}
