import { expect, test, type Locator } from "@playwright/test";

/** A chart rendered: its canvas is laid out with a real size. */
async function expectChart(chart: Locator): Promise<void> {
  const canvas = chart.locator("canvas");
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);
}

test("overview shows key figures, charts and the participants most worth acting on", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const expected = Number(process.env.E2E_EXPECTED_PARTICIPANTS ?? "0");
  await expect(page.getByTestId("kpi-participants")).toHaveText(expected.toLocaleString("en-US"));
  const observed = Number((await page.getByTestId("kpi-withdrawal").innerText()).replace("%", ""));
  expect(observed).toBeGreaterThan(15);
  expect(observed).toBeLessThan(35);
  // The model's mean predicted probability lands near the observed rate it was trained on.
  const predicted = Number((await page.getByTestId("kpi-predicted").innerText()).replace("%", ""));
  expect(Math.abs(predicted - observed)).toBeLessThan(6);
  const critical = Number((await page.getByTestId("kpi-critical").innerText()).replace(/,/g, ""));
  expect(critical).toBeGreaterThan(0);
  expect(critical).toBeLessThan(expected);
  expect(await page.getByTestId("kpi-var").innerText()).toMatch(/^\$[\d,]+$/);
  for (const id of ["chart-probability", "chart-clv", "chart-tiers-study", "chart-tiers-phase", "chart-tiers-site"]) await expectChart(page.getByTestId(id));
  const actions = page.getByTestId("action-table").locator("tbody tr");
  await expect(actions).toHaveCount(10);
  await expect(actions.first().locator("td").nth(3)).toHaveText(/high|critical/);
  // Every therapeutic area present in the seeded data appears in its table.
  const areaRows = page.locator("section", { hasText: "By therapeutic area" }).locator("tbody tr");
  await expect(areaRows).toHaveCount(6);
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });
  expect(errors).toEqual([]);
});
