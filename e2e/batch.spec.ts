import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { writeParticipantsCsv } from "../lib/data/generator";

let dir: string;
let goodCsv: string;

/** The CSV with one cell of `line` (1-based file line, the header is line 1) replaced. */
function withCell(csv: string, line: number, column: string, value: string): string {
  const lines = csv.split("\n");
  const col = lines[0].split(",").indexOf(column);
  const cells = lines[line - 1].split(",");
  cells[col] = value;
  lines[line - 1] = cells.join(",");
  return lines.join("\n");
}

/**
 * Console errors of the page. Chromium logs every 4xx answer as "Failed to load resource"; the
 * route's 400 for a rejected file is its documented answer (the page shows the problems), so that
 * one entry is expected, not an error. Everything else counts.
 */
function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const expectedRejection = msg.text().includes("status of 400") && msg.location().url.endsWith("/api/batch/score");
    if (!expectedRejection) errors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

async function upload(page: Page, name: string, csv: string): Promise<void> {
  await page.getByLabel("Participants CSV file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Score file" }).click();
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-e2e-batch-"));
  const file = path.join(dir, "upload.csv");
  await writeParticipantsCsv({ rows: 25, seed: 4242 }, file);
  goodCsv = fs.readFileSync(file, "utf8");
});
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a file with a bad row reports its line and column and scores nothing", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto("/batch");
  await expect(page.getByRole("heading", { level: 1, name: "Batch scoring" })).toBeVisible();
  await upload(page, "bad.csv", withCell(goodCsv, 3, "age", "abc"));
  const report = page.getByTestId("batch-errors");
  await expect(report).toBeVisible();
  await expect(report.getByRole("heading")).toContainText("1 problem");
  const row = report.locator("tbody tr").first();
  await expect(row.locator("td").nth(0)).toHaveText("3");
  await expect(row.locator("td").nth(1)).toHaveText("age");
  await expect(row.locator("td").nth(2)).toContainText("whole number");
  await expect(row.locator("td").nth(3)).toHaveText("abc");
  await expect(page.getByTestId("batch-results")).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a good file shows its scores and downloads them as CSV", async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/batch");
  await upload(page, "participants.csv", goodCsv);
  const results = page.getByTestId("batch-results");
  await expect(results).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("batch-errors")).toHaveCount(0);
  await expect(page.getByTestId("batch-rows")).toHaveText("25");
  const rows = page.getByTestId("batch-results-table").locator("tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(rows.first().locator("td").nth(1)).toHaveText(/^\d+\.\d%$/);
  const tierTotal = (await Promise.all(["low", "medium", "high", "critical"].map(async (t) => Number((await page.getByTestId(`batch-tier-${t}`).innerText()).replace(/\D/g, ""))))).reduce((a, b) => a + b, 0);
  expect(tierTotal).toBe(25);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download results (CSV)" }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const text = fs.readFileSync(await download.path(), "utf8");
  const lines = text.trimEnd().split("\n");
  expect(lines).toHaveLength(26);
  const header = lines[0].split(",");
  for (const column of ["participant_id", "churn_probability", "risk_tier", "clv_usd", "top_factors_raising_risk", "top_factors_lowering_risk"]) expect(header).toContain(column);
  const ids = goodCsv.trimEnd().split("\n").slice(1).map((l) => l.split(",")[0]);
  expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(ids);

  await page.screenshot({ path: "test-results/screenshots/batch.png", fullPage: true });
  // Readable at 800px: the page itself never scrolls sideways (wide tables scroll in their panel).
  await page.setViewportSize({ width: 800, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
  expect(errors).toEqual([]);
});

test("the file input and the score button are keyboard reachable", async ({ page }) => {
  await page.goto("/batch");
  const input = page.getByLabel("Participants CSV file");
  await input.focus();
  await expect(input).toBeFocused();
  await input.setInputFiles({ name: "participants.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) });
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Score file" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("batch-results")).toBeVisible({ timeout: 30_000 });
});
