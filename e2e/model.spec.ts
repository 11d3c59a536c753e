import { expect, test, type Page } from "@playwright/test";
import { siteOrigin } from "./credentials";

const CHARTS = ["chart-roc", "chart-pr", "chart-calibration", "chart-importance", "chart-beeswarm", "chart-dependence", "chart-heatmap"];

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function confusion(page: Page): Promise<number[]> {
  const cells = ["cm-tp", "cm-fp", "cm-tn", "cm-fn"];
  return Promise.all(cells.map(async (id) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ""))));
}

async function expectCanvas(page: Page, testId: string): Promise<void> {
  const canvas = page.getByTestId(testId).locator("canvas");
  await expect(canvas, testId).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0, testId).toBeGreaterThan(50);
  expect(box?.height ?? 0, testId).toBeGreaterThan(50);
}

async function promoteViaApi(page: Page, version: string): Promise<void> {
  const res = await page.request.post("/api/graphql", {
    headers: siteOrigin(),
    data: { query: "mutation($v: String!) { promoteModel(version: $v) { version served } }", variables: { v: version } },
  });
  expect(res.ok()).toBe(true);
}

test("model page shows the served model's metrics and charts", async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/model");
  await expect(page.getByRole("heading", { level: 1, name: "Model" })).toBeVisible();
  await expect(page.getByTestId("served-version")).not.toBeEmpty();

  const auc = Number(await page.getByTestId("kpi-auc").innerText());
  expect(auc).toBeGreaterThan(0.5);
  expect(auc).toBeLessThan(1);
  expect(Number(await page.getByTestId("kpi-logloss").innerText())).toBeGreaterThan(0);
  await expect(page.getByTestId("kpi-positives")).toHaveText(/^\d[\d,]* \/ \d[\d,]*$/);
  for (const id of CHARTS) await expectCanvas(page, id);

  // The threshold controls recompute the confusion matrix: keyboard on the slider, then typing.
  const before = await confusion(page);
  expect(before.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  const range = page.getByTestId("threshold-range");
  await range.focus();
  await page.keyboard.press("Home");
  const atZero = await confusion(page);
  expect(atZero).not.toEqual(before);
  expect(atZero[2] + atZero[3]).toBe(0); // threshold 0 flags everyone: no TN, no FN
  await page.getByTestId("threshold-input").fill("0.3");
  const at03 = await confusion(page);
  expect(at03).not.toEqual(atZero);
  expect(at03.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0));

  // Choosing another dependence feature redraws the plot.
  const select = page.getByTestId("dependence-feature");
  const options = await select.locator("option").allInnerTexts();
  expect(options.length).toBeGreaterThan(3);
  const firstShot = await page.getByTestId("chart-dependence").locator("canvas").screenshot();
  await select.selectOption(options[2]);
  await expect(page.getByTestId("dependence-caption")).toContainText(options[2]);
  await expectCanvas(page, "chart-dependence");
  await expect(page.getByTestId("chart-dependence").locator("canvas")).toHaveAttribute("aria-label", `Dependence plot of ${options[2]}`);
  expect((await page.getByTestId("chart-dependence").locator("canvas").screenshot()).equals(firstShot)).toBe(false);

  await page.screenshot({ path: "test-results/screenshots/model.png", fullPage: true });
  // Narrow screens: everything reflows into one column, nothing scrolls the page sideways.
  await page.setViewportSize({ width: 800, height: 900 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/screenshots/model-800.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("a new version trains from the page, compares and can be promoted", async ({ page }) => {
  test.setTimeout(180_000);
  const errors = collectErrors(page);
  await page.goto("/model");
  const original = (await page.getByTestId("served-version").innerText()).trim();
  await expect(page.getByTestId(`version-row-${original}`).getByTestId("served-flag")).toBeVisible();

  try {
    await page.getByLabel(/Boosting iterations/).fill("20");
    await page.getByRole("button", { name: "Train new version" }).click();
    const status = page.getByTestId("training-status");
    await expect(status).toContainText(/Version \S+: (queued|training)/);
    const trained = /Version (\S+):/.exec(await status.innerText())?.[1] ?? "";
    expect(trained).not.toBe("");
    await expect(status).toContainText(`Version ${trained} is ready`, { timeout: 90_000 });
    await expect(page.getByTestId(`version-row-${trained}`).getByTestId("version-status")).toHaveText("ready");

    // Comparison: the new version is preselected against the served one.
    await expect(page.getByTestId("compare-a")).toHaveValue(original);
    await expect(page.getByTestId("compare-b")).toHaveValue(trained);
    const aucRow = page.getByTestId("compare-table").locator("tr", { hasText: "ROC AUC" });
    await expect(aucRow.locator("td").nth(1)).toHaveText(/^0\.\d{4}$/);
    await expectCanvas(page, "compare-roc");

    await page.getByRole("button", { name: `Promote ${trained}` }).click();
    await page.getByRole("button", { name: `Confirm: serve ${trained}` }).click();
    await expect(page.getByTestId("served-version")).toHaveText(trained, { timeout: 30_000 });
    await expect(page.getByTestId(`version-row-${trained}`).getByTestId("served-flag")).toBeVisible();
    const auc = Number(await page.getByTestId("kpi-auc").innerText());
    expect(auc).toBeGreaterThan(0.5);
    expect(errors).toEqual([]);
  } finally {
    // Later specs expect the seeded model, whose predictions are stored, to be the served one.
    await promoteViaApi(page, original);
  }
});
