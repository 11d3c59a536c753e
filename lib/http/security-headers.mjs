/**
 * Security headers for every response. Plain JavaScript (with types in security-headers.d.mts) so
 * that next.config.mjs, which Node loads without a TypeScript step, and scripts/serve.ts share one
 * definition.
 *
 * Why script-src allows 'unsafe-inline': Next.js streams its React Server Components payload and
 * bootstrap as inline <script> tags. Nonces would need a proxy (middleware) that mints one per
 * request and would force every page into dynamic rendering, for pages that already render on the
 * server from our own data with no user-supplied HTML. 'unsafe-inline' keeps external scripts out
 * (only 'self'); object-src, base-uri and form-action are locked down; no page loads anything from
 * another origin.
 */

/** Apollo's landing page (GET /api/graphql) loads from these (see @apollo/server's landingPage/default). */
const APOLLO_SCRIPT_ORIGINS = [
  "https://apollo-server-landing-page.cdn.apollographql.com",
  "https://embeddable-sandbox.cdn.apollographql.com",
  "https://embeddable-explorer.cdn.apollographql.com",
];
const APOLLO_STYLE_ORIGINS = [...APOLLO_SCRIPT_ORIGINS, "https://fonts.googleapis.com"];
const APOLLO_FRAME_ORIGINS = ["https://explorer.embed.apollographql.com", "https://sandbox.embed.apollographql.com"];

/** @param {Record<string, string[]>} directives */
function policy(directives) {
  return Object.entries(directives)
    .map(([name, values]) => (values.length > 0 ? `${name} ${values.join(" ")}` : name))
    .join("; ");
}

/**
 * The application pages' Content-Security-Policy.
 * @param {{ dev?: boolean }} [options] development also needs 'unsafe-eval' (React's dev tooling
 *   evaluates code) and websocket connections for hot reload.
 */
export function appContentSecurityPolicy(options = {}) {
  const dev = options.dev === true;
  return policy({
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(dev ? ["ws:", "wss:"] : [])],
    "worker-src": ["'self'", "blob:"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  });
}

/** JSON answers (GraphQL, REST): nothing in them may load or run anything. */
export const API_CONTENT_SECURITY_POLICY = policy({
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
});

/**
 * Apollo's landing page: its own inline scripts and styles carry a nonce it mints per render (and
 * repeats in a <meta> policy of its own); its code comes from Apollo's CDN and the Sandbox runs in
 * an iframe from Apollo's embed origins. Exactly that, and nothing else, is allowed.
 * @param {string | null} nonce the page's nonce, or null when it could not be read
 */
export function apolloLandingPageContentSecurityPolicy(nonce) {
  const inline = nonce ? [`'nonce-${nonce}'`] : [];
  return policy({
    "default-src": ["'none'"],
    "script-src": ["'self'", ...inline, ...APOLLO_SCRIPT_ORIGINS],
    "style-src": [...inline, ...APOLLO_STYLE_ORIGINS],
    "img-src": ["'self'", "data:", "https://apollo-server-landing-page.cdn.apollographql.com"],
    "font-src": ["https://fonts.gstatic.com"],
    "manifest-src": ["https://apollo-server-landing-page.cdn.apollographql.com"],
    "frame-src": APOLLO_FRAME_ORIGINS,
    "connect-src": ["'self'", "https://*.apollographql.com"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  });
}

/**
 * Reads the nonce Apollo's landing page put on its inline tags.
 * @param {string} html
 */
export function landingPageNonce(html) {
  const match = /nonce="?([0-9a-f]{16,128})"?/.exec(html);
  return match ? match[1] : null;
}

/** Headers that do not depend on what the response is. */
export const COMMON_SECURITY_HEADERS = Object.freeze({
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Content-Type-Options": "nosniff",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/**
 * Every security header for one response.
 * @param {"page" | "api" | "apollo-landing"} kind
 * @param {{ dev?: boolean, nonce?: string | null }} [options]
 * @returns {Record<string, string>}
 */
export function securityHeaders(kind, options = {}) {
  const csp =
    kind === "page" ? appContentSecurityPolicy(options) : kind === "api" ? API_CONTENT_SECURITY_POLICY : apolloLandingPageContentSecurityPolicy(options.nonce ?? null);
  return { ...COMMON_SECURITY_HEADERS, "Content-Security-Policy": csp };
}

/**
 * The rules for next.config.mjs `headers()`, so plain `next start` sends them too. /api/graphql
 * is left to its route, which knows whether it answers JSON or the landing page.
 * @param {{ dev?: boolean }} [options]
 */
export function nextHeaderRules(options = {}) {
  const toList = (/** @type {Record<string, string>} */ headers) => Object.entries(headers).map(([key, value]) => ({ key, value }));
  return [
    { source: "/((?!api/).*)", headers: toList(securityHeaders("page", options)) },
    { source: "/api/((?!graphql$|graphql/$).*)", headers: toList(securityHeaders("api")) },
  ];
}
