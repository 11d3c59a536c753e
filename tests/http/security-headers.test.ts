import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphQLHttpHandler } from "@/graphql/http-handler";
import { appContentSecurityPolicy, landingPageNonce, nextHeaderRules, securityHeaders } from "@/lib/http/security-headers.mjs";

/** Parses a policy into directive -> sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

describe("security headers", () => {
  it("gives pages a same-origin policy that forbids framing, plugins and foreign scripts", () => {
    const headers = securityHeaders("page");
    const csp = directives(headers["Content-Security-Policy"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Permissions-Policy"]).toContain("camera=()");
    // Only development evaluates code (React's dev tooling) and opens hot-reload sockets.
    expect(directives(appContentSecurityPolicy({ dev: true })).get("script-src")).toContain("'unsafe-eval'");
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
  });

  it("locks JSON answers down completely", () => {
    const csp = directives(securityHeaders("api")["Content-Security-Policy"]);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("lets Apollo's landing page load exactly its CDN scripts and its own nonce'd inline code", () => {
    const csp = directives(securityHeaders("apollo-landing", { nonce: "ab".repeat(32) })["Content-Security-Policy"]);
    expect(csp.get("default-src")).toEqual(["'none'"]);
    expect(csp.get("script-src")).toEqual([
      "'self'",
      `'nonce-${"ab".repeat(32)}'`,
      "https://apollo-server-landing-page.cdn.apollographql.com",
      "https://embeddable-sandbox.cdn.apollographql.com",
      "https://embeddable-explorer.cdn.apollographql.com",
    ]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("frame-src")).toEqual(["https://explorer.embed.apollographql.com", "https://sandbox.embed.apollographql.com"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(landingPageNonce(`<script nonce="${"0f".repeat(32)}">x</script>`)).toBe("0f".repeat(32));
    expect(landingPageNonce(`<style nonce=${"1a".repeat(32)}>`)).toBe("1a".repeat(32));
    expect(landingPageNonce("<p>no scripts</p>")).toBeNull();
  });

  it("gives next.config.mjs rules for pages and REST routes that leave /api/graphql to its route", () => {
    const rules = nextHeaderRules();
    expect(rules.map((r) => r.source)).toEqual(["/((?!api/).*)", "/api/((?!graphql$|graphql/$).*)"]);
    const page = new RegExp(`^${rules[0].source}$`);
    const api = new RegExp(`^${rules[1].source}$`);
    for (const path of ["/", "/patients", "/model", "/_next/static/chunks/a.js"]) expect(page.test(path)).toBe(true);
    expect(page.test("/api/predict")).toBe(false);
    expect(api.test("/api/predict")).toBe(true);
    expect(api.test("/api/graphql")).toBe(false);
    expect(rules[0].headers).toContainEqual({ key: "X-Frame-Options", value: "DENY" });
  });
});

describe("GraphQL handler headers over HTTP", () => {
  let server: http.Server;
  let endpoint: string;
  beforeAll(async () => {
    const apollo = new ApolloServer({ typeDefs: "type Query { hello: String }", resolvers: { Query: { hello: () => "hi" } }, plugins: [ApolloServerPluginLandingPageLocalDefault({ embed: true })] });
    const handle = createGraphQLHttpHandler(apollo, async () => ({}));
    server = http.createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("sends the API policy with JSON answers, errors included", async () => {
    const ok = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ hello }" }) });
    expect(await ok.json()).toEqual({ data: { hello: "hi" } });
    expect(ok.headers.get("content-security-policy")).toBe(securityHeaders("api")["Content-Security-Policy"]);
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    const bad = await fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-frame-options")).toBe("DENY");
    expect(bad.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("sends the landing page's policy with the nonce its HTML uses", async () => {
    const res = await fetch(endpoint, { headers: { accept: "text/html" } });
    const html = await res.text();
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const nonce = landingPageNonce(html);
    expect(nonce).toMatch(/^[0-9a-f]{64}$/);
    const csp = directives(res.headers.get("content-security-policy") ?? "");
    expect(csp.get("script-src")).toContain(`'nonce-${nonce}'`);
    // Every script the page loads is from an origin the policy allows.
    const allowed = csp.get("script-src") ?? [];
    for (const [, src] of html.matchAll(/<script[^>]*src="([^"]+)"/g)) expect(allowed).toContain(new URL(src).origin);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});
