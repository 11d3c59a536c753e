# syntax=docker/dockerfile:1
# Retain's app image: one production server per container (scripts/serve.ts: Next.js pages and REST
# routes, GraphQL at /api/graphql). The same image runs the one-shot jobs (migrations, training,
# imports) with another command; see compose.yaml and README.md, "Deployment".

FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source; npm 11 honours package.json's allowScripts (onnxruntime-node's
# install script, which downloads CUDA libraries, is skipped; its CPU binaries ship in the package).
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential python3 \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g npm@11
WORKDIR /app
COPY . .
# postinstall runs `prisma generate` (the client lives in lib/db/generated).
RUN npm ci \
 && NEXT_TELEMETRY_DISABLED=1 npm run build \
 && npm prune --omit=dev \
 && mkdir -p data models

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    MODELS_DIR=/app/models
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# 200 when the database answers and a model is served (503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "node_modules/tsx/dist/cli.mjs", "scripts/serve.ts"]
