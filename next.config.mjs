import { nextHeaderRules } from "./lib/http/security-headers.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The dev server would otherwise write AGENTS.md files into the working tree.
  agentRules: false,
  // authInterrupts: forbidden() answers a page a role may not see with 403 and app/forbidden.tsx.
  experimental: { agentUpgrade: false, authInterrupts: true },
  // The build artefacts of models and data live outside the bundle.
  // Loaded by Node itself, as under scripts/serve.ts: graphql must be one copy for schema and executor.
  serverExternalPackages: ["graphql", "graphql-jit", "@graphql-tools/schema", "@apollo/server"],
  outputFileTracingExcludes: { "*": ["data/**", "models/**", "tests/**", "bench/**"] },
  // CSP, frame, referrer, sniffing and permissions headers on pages and REST answers, also under
  // plain `next start` (scripts/serve.ts adds them to what it answers itself).
  async headers() {
    return nextHeaderRules({ dev: process.env.NODE_ENV === "development" });
  },
};

export default nextConfig;
