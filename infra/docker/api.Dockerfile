# syntax=docker/dockerfile:1
# Kaizen Loop API: NestJS on Fastify, HTTP on port 3000 under /api.
# The same image runs the one-shot migrations: `node dist/apps/api/migrate.js` (as the schema owner).
#
#   docker build -f infra/docker/api.Dockerfile -t kaizen-loop/api:0.1.0 .      (from the repository root)
#
# No configuration and no secret is baked in: everything comes from the environment at run time
# (README, "Configuration"). Build for linux/amd64: the lockfile holds only that platform's optional
# packages (see infra/README.md).

ARG NODE_BUILD_IMAGE=node:22.20.0-bookworm
ARG NODE_RUNTIME_IMAGE=node:22.20.0-bookworm-slim

# 1. Build: the whole workspace's dependencies, then the api bundles (dist/apps/api).
FROM ${NODE_BUILD_IMAGE} AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_INTERACTIVE=false
WORKDIR /workspace
# The npm the lockfile was written with (its allowScripts policy decides which install scripts run).
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npx nx run api:build --output-style=stream

# 2. Production dependencies: only the packages the bundles require, at the lockfile's versions.
FROM ${NODE_BUILD_IMAGE} AS production-dependencies
WORKDIR /app
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
COPY infra/docker/production-package.mjs /usr/local/lib/kaizen/production-package.mjs
COPY --from=build /workspace/dist/apps/api ./dist/apps/api
RUN node /usr/local/lib/kaizen/production-package.mjs dist/apps/api --out package.json \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# 3. Runtime: Node, the bundles and their production dependencies; runs as the unprivileged `node` user.
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and read-only to the process: it writes nothing to its own image.
COPY --from=production-dependencies /app/package.json ./package.json
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/api ./dist/apps/api
USER node
EXPOSE 3000
# Liveness: the process answers HTTP. Readiness (/api/health/ready: PostgreSQL and the queue) is for
# orchestrators that route traffic: compose's and Kubernetes' own checks use it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Node flags as in tools/app-node-flags.mjs (tests/infra/dockerfiles.test.ts keeps the two the same).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=32", "dist/apps/api/main.js"]
