import { expect, test, type Page } from "@playwright/test";
import { siteOrigin } from "./credentials";

/**
 * Security headers on what the production server answers, and no Content-Security-Policy
 * violation on any page: the policy must not break charts, client components or forms.
 */

async function recordViolations(page: Page): Promise<{ consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => consoleErrors.push(err.message));
  await page.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { __cspViolations?: string[] }).__cspViolations = store;
    document.addEventListener("securitypolicyviolation", (e) => store.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`));
  });
  return { consoleErrors };
}

async function collected(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

test("pages send the security headers", async ({ request }) => {
  for (const path of ["/", "/patients", "/model"]) {
    const res = await request.get(path);
    expect(res.status()).toBe(200);
    const h = res.headers();
    expect(h["content-security-policy"]).toContain("default-src 'self'");
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["content-security-policy"]).toContain("object-src 'none'");
    expect(h["content-security-policy"]).not.toContain("unsafe-eval");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["permissions-policy"]).toContain("camera=()");
  }
  const asset = await request.get("/icon.svg");
  expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the API sends its own locked-down policy, the landing page one with its nonce", async ({ request }) => {
  // Signed in (the project's admin session): cookie-authenticated calls name the site as their origin.
  const gql = await request.post("/api/graphql", { headers: siteOrigin(), data: { query: "{ __typename }" } });
  expect(gql.status()).toBe(200);
  expect(gql.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(gql.headers()["x-frame-options"]).toBe("DENY");
  const rest = await request.post("/api/predict", { headers: siteOrigin(), data: {} });
  expect(rest.status()).toBe(400);
  // Refusals carry the same headers.
  const refused = await request.post("/api/graphql", { headers: { origin: "https://evil.example" }, data: { query: "{ __typename }" } });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(rest.headers()["content-security-policy"]).toContain("default-src 'none'");
  expect(rest.headers()["x-content-type-options"]).toBe("nosniff");
  const landing = await request.get("/api/graphql", { headers: { accept: "text/html" } });
  const html = await landing.text();
  const nonce = /nonce="?([0-9a-f]{64})/.exec(html)?.[1];
  expect(nonce).toBeTruthy();
  expect(landing.headers()["content-security-policy"]).toContain(`'nonce-${nonce}'`);
  expect(landing.headers()["content-security-policy"]).toContain("https://apollo-server-landing-page.cdn.apollographql.com");
});

test("no page reports a Content-Security-Policy violation or a console error", async ({ page }) => {
  const { consoleErrors } = await recordViolations(page);
  const pages = ["/", "/patients", "/patients?tier=critical&sort=probability&dir=desc", "/model", "/planner", "/batch", "/ops"];
  for (const path of pages) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await collected(page), `CSP violations on ${path}`).toEqual([]);
  }
  // A participant page, reached like a user does, with its charts.
  await page.goto("/patients?sort=probability&dir=desc");
  await page.locator("tbody a").first().click();
  await page.waitForLoadState("networkidle");
  expect(await collected(page)).toEqual([]);
  expect(consoleErrors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
