import { expect, test } from "@playwright/test";
import { siteOrigin } from "./credentials";

test("operations page shows health, cache statistics and drift per feature", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  // The same prediction twice through the API first: one cache miss, then one hit to report.
  const fields = "studyId siteId therapeuticArea phase arm age sex bmi comorbidities employmentStatus hasCaregiver distanceToSiteKm monthsEnrolled plannedDurationMonths visitsCompleted visitsMissed daysSinceLastVisit adverseEvents seriousAdverseEvent satisfactionScore ediaryCompliance coordinatorContactsPerMonth compensationPerVisitUsd remainingVisits visitValueUsd replacementCostUsd";
  const listed = await page.request.post("/api/graphql", { headers: siteOrigin(), data: { query: `{ patients(first: 1) { edges { node { ${fields} } } } }` } });
  const input = ((await listed.json()) as { data: { patients: { edges: Array<{ node: Record<string, unknown> }> } } }).data.patients.edges[0].node;
  for (let i = 0; i < 2; i++) {
    const r = await page.request.post("/api/graphql", { headers: siteOrigin(), data: { query: "query($input: PatientInput!) { predict(input: $input) { cached } }", variables: { input: { ...input, bmi: 33.3 } } } });
    expect(((await r.json()) as { data: { predict: { cached: boolean } } }).data.predict.cached).toBe(i === 1);
  }
  await page.goto("/");
  await page.getByRole("link", { name: "Operations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Operations" })).toBeVisible();
  const health = page.getByTestId("health-table");
  await expect(health.getByRole("row", { name: /Database/ })).toContainText("ok");
  await expect(health.getByRole("row", { name: /Model/ })).toContainText(/e2e-/);
  // No REDIS_URL in the browser tests: the LRU serves alone and says so.
  await expect(health.getByRole("row", { name: /Cache/ })).toContainText("disabled");
  const memory = page.getByTestId("cache-table").getByRole("row", { name: /^Memory/ });
  expect(Number(await memory.locator("td").nth(0).innerText())).toBeGreaterThanOrEqual(1);
  expect(Number(await memory.locator("td").nth(1).innerText())).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("chart-cache").locator("canvas")).toBeVisible();
  // The seeded participants are the training population: every feature is stable.
  const drift = page.getByTestId("drift-table").locator("tbody tr");
  expect(await drift.count()).toBeGreaterThan(15);
  await expect(page.getByTestId("drift-table")).not.toContainText("significant");
  await expect(page.getByTestId("chart-drift").locator("canvas")).toBeVisible();
  await drift.first().getByText(/buckets/).click();
  await expect(drift.first().locator("li").first()).toContainText("→");
  await page.screenshot({ path: "test-results/screenshots/ops.png", fullPage: true });
  expect(errors).toEqual([]);
});
