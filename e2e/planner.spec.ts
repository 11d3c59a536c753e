import { expect, test, type Page } from "@playwright/test";

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

test("plans within the budget, lists the chosen participants and draws the curve", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/planner");
  await expect(page.getByRole("heading", { level: 1, name: "Retention planner" })).toBeVisible();
  // The catalogue starts from the planner's defaults.
  await expect(page.getByLabel("Name of intervention 1")).toHaveValue("coordinator_check_ins");
  await page.getByLabel("Budget (USD)").fill("20000");
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  const results = page.getByTestId("plan-results");
  await expect(results).toBeVisible({ timeout: 30_000 });
  const cost = Number(await page.getByTestId("plan-cost").getAttribute("data-value"));
  expect(cost).toBeGreaterThan(0);
  expect(cost).toBeLessThanOrEqual(20_000);
  expect(Number((await page.getByTestId("plan-participants").innerText()).replace(/\D/g, ""))).toBeGreaterThan(0);
  const rows = page.getByTestId("plan-table").locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first().getByRole("link")).toHaveAttribute("href", /^\/patients\/.+/);
  const canvas = page.getByTestId("plan-curve").locator("canvas");
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);
  await page.screenshot({ path: "test-results/screenshots/planner.png", fullPage: true });
  await page.setViewportSize({ width: 800, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  expect(errors).toEqual([]);
});

test("bad input gets a clear message next to its field", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/planner");
  const budget = page.getByLabel("Budget (USD)");
  await budget.fill("-100");
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await expect(page.getByText("The budget cannot be negative.")).toBeVisible();
  await expect(budget).toHaveAttribute("aria-invalid", "true");
  await expect(budget).toBeFocused();
  await expect(page.getByTestId("plan-results")).toHaveCount(0);

  await budget.fill("10000");
  await page.getByLabel("Name of intervention 2").fill("");
  await page.getByLabel(/Relative reduction of home_visits/).fill("1.5");
  await page.getByRole("button", { name: "Plan", exact: true }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();
  await expect(page.getByText("The reduction must be between 0 and 1 (e.g. 0.15 for 15%).")).toBeVisible();
  await expect(page.getByText("The budget cannot be negative.")).toHaveCount(0);
  expect(errors).toEqual([]);
});
