import { expect, test, type Locator, type Page } from "@playwright/test";

/** Console errors of a page, checked at the end of each test. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId("patient-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id") ?? ""));
}

async function probabilities(page: Page): Promise<number[]> {
  return page.getByTestId("cell-probability").evaluateAll((cells) => cells.map((c) => Number(c.getAttribute("data-value"))));
}

async function totalCount(page: Page): Promise<number> {
  return Number(await page.getByTestId("patients-total").getAttribute("data-count"));
}

/** A canvas that is laid out and has something drawn on it. */
async function expectDrawnCanvas(canvas: Locator): Promise<void> {
  await expect(canvas).toBeVisible();
  const box = await canvas.boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(0);
  expect(box?.height ?? 0).toBeGreaterThan(0);
  await expect
    .poll(() =>
      canvas.evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data;
        return data ? data.some((v) => v !== 0) : false;
      }),
    )
    .toBe(true);
}

test("participants list filters, sorts and pages in the URL", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/patients");
  await expect(page.getByRole("heading", { level: 1, name: "Participants" })).toBeVisible();
  const expected = Number(process.env.E2E_EXPECTED_PARTICIPANTS ?? "0");
  const total = await totalCount(page);
  if (expected > 0) expect(total).toBe(expected);
  await expect(page.getByTestId("patients-total")).toHaveText(`${total.toLocaleString("en-US")} participants`);
  await expect(page.getByTestId("patient-row")).toHaveCount(Math.min(50, total));
  await expect(page.getByTestId("page-of")).toHaveText(`Page 1 of ${Math.ceil(total / 50)}`);
  const firstPage = await rowIds(page);
  expect(firstPage).toEqual([...firstPage].sort());
  await page.screenshot({ path: "test-results/screenshots/patients.png", fullPage: true });

  // A filter through the GET form: the URL carries it and every row matches.
  await page.getByLabel("Risk tier").selectOption("critical");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/[?&]tier=critical(&|$)/);
  const critical = await totalCount(page);
  expect(critical).toBeGreaterThan(0);
  expect(critical).toBeLessThan(total);
  const tiers = await page.getByTestId("patient-row").locator("[data-tier]").evaluateAll((els) => els.map((e) => e.getAttribute("data-tier")));
  expect(tiers.length).toBe(Math.min(50, critical));
  expect(new Set(tiers)).toEqual(new Set(["critical"]));
  await expect(page.getByLabel("Risk tier")).toHaveValue("critical");

  // Sorting by probability from the header: highest first, and the highest of all participants.
  await page.goto("/patients");
  await page.getByTestId("sort-probability").click();
  await expect(page).toHaveURL(/sort=probability&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /Churn probability/ })).toHaveAttribute("aria-sort", "descending");
  const sorted = await probabilities(page);
  expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
  await page.goto("/patients?tier=critical&sort=probability&dir=desc&size=100");
  expect((await probabilities(page))[0]).toBe(sorted[0]);

  // Page 2 of the probability order: different rows, continuing below page 1.
  await page.goto("/patients?sort=probability&dir=desc");
  await page.getByTestId("page-next").first().click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByTestId("page-of")).toHaveText(`Page 2 of ${Math.ceil(total / 50)}`);
  const second = await probabilities(page);
  expect(second).toHaveLength(50);
  expect(Math.max(...second)).toBeLessThanOrEqual(Math.min(...sorted));
  const secondIds = await rowIds(page);
  await page.goBack();
  await expect(page.getByTestId("page-of")).toHaveText(`Page 1 of ${Math.ceil(total / 50)}`);
  const firstIds = await rowIds(page);
  expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
  expect(errors).toEqual([]);
});

test("a high-risk participant shows the waterfall, history and a working what-if", async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto("/patients?tier=critical&sort=probability&dir=desc");
  const first = page.getByTestId("patient-row").first();
  const id = (await first.getAttribute("data-id")) ?? "";
  await first.getByRole("link", { name: id }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Participant ${id}` })).toBeVisible();
  await expect(page.getByTestId("kpi-tier")).toHaveText("critical");
  const stored = await page.getByTestId("kpi-probability").innerText();

  await expectDrawnCanvas(page.getByTestId("waterfall").locator("canvas"));
  const history = page.getByTestId("history-table").locator("tbody tr");
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("served");
  await expect(history.first()).toContainText(stored);

  // What if the participant were satisfied, lived close by and missed no visits?
  const probability = page.getByTestId("whatif-probability");
  await expect(probability).toHaveText(stored);
  await page.getByLabel("Satisfaction score (1–10)").fill("10");
  await page.getByLabel("Distance to site (km)").fill("1");
  await page.getByLabel("Visits missed").fill("0");
  await expect(probability).not.toHaveText(stored, { timeout: 5000 });
  await expect(page.getByTestId("whatif-probability-delta")).toContainText("pts vs stored");
  const changed = Number(await probability.getAttribute("data-value"));
  expect(changed).toBeGreaterThan(0);
  expect(changed).toBeLessThan(1);
  await expectDrawnCanvas(page.getByTestId("whatif-waterfall").locator("canvas"));

  await page.getByRole("button", { name: "Reset to stored values" }).click();
  await expect(probability).toHaveText(stored);
  await page.screenshot({ path: "test-results/screenshots/patient.png", fullPage: true });
  expect(errors).toEqual([]);
});

test("an unknown participant id or address answers 404 with the not-found page", async ({ page }) => {
  for (const address of ["/patients/NO-SUCH-PARTICIPANT", "/no-such-page"]) {
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  // A known participant still answers 200.
  const known = await page.goto("/patients?sort=probability&dir=desc");
  expect(known?.status()).toBe(200);
  const href = await page.locator("table tbody a").first().getAttribute("href");
  const participant = await page.goto(href ?? "");
  expect(participant?.status()).toBe(200);
  await expect(page.getByTestId("kpi-probability")).toBeVisible();
});
