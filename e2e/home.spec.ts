import { expect, test } from "@playwright/test";

test("overview shows the seeded participants", async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  const expected = Number(process.env.E2E_EXPECTED_PARTICIPANTS ?? "0");
  await expect(page.getByTestId("kpi-participants")).toHaveText(expected.toLocaleString("en-US"));
  const rate = (await page.getByTestId("kpi-withdrawal").innerText()).replace("%", "");
  expect(Number(rate)).toBeGreaterThan(15);
  expect(Number(rate)).toBeLessThan(35);
  // Every therapeutic area present in the seeded data appears in its table.
  const areaRows = page.locator("section", { hasText: "By therapeutic area" }).locator("tbody tr");
  await expect(areaRows).toHaveCount(6);
  await page.screenshot({ path: "test-results/screenshots/overview.png", fullPage: true });
  expect(errors).toEqual([]);
});
