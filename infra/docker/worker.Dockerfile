# syntax=docker/dockerfile:1
# Kaizen Loop worker: a NestJS application context that runs the BullMQ job handlers. No HTTP port.
#
#   docker build -f infra/docker/worker.Dockerfile -t kaizen-loop/worker:0.1.0 .      (from the repository root)
#
# No configuration and no secret is baked in: everything comes from the environment at run time
# (README, "Configuration"). Build for linux/amd64 (see infra/README.md).

ARG NODE_BUILD_IMAGE=node:22.20.0-bookworm
ARG NODE_RUNTIME_IMAGE=node:22.20.0-bookworm-slim

# 1. Build: the whole workspace's dependencies, then the worker bundle (dist/apps/worker).
FROM ${NODE_BUILD_IMAGE} AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_INTERACTIVE=false
WORKDIR /workspace
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY nx.json tsconfig.base.json ./
COPY tools ./tools
COPY libs ./libs
COPY apps ./apps
RUN npx nx run worker:build --output-style=stream

# 2. Production dependencies: only the packages the bundle requires, at the lockfile's versions.
FROM ${NODE_BUILD_IMAGE} AS production-dependencies
WORKDIR /app
RUN npm install --global npm@11.19.1 --no-audit --no-fund
COPY package.json package-lock.json ./
COPY infra/docker/production-package.mjs /usr/local/lib/kaizen/production-package.mjs
COPY --from=build /workspace/dist/apps/worker ./dist/apps/worker
RUN node /usr/local/lib/kaizen/production-package.mjs dist/apps/worker --out package.json \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# 3. Runtime: runs as the unprivileged `node` user.
FROM ${NODE_RUNTIME_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/package.json ./package.json
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /workspace/dist/apps/worker ./dist/apps/worker
COPY infra/docker/worker-alive.cjs /usr/local/lib/kaizen/worker-alive.cjs
USER node
# A process check (the worker has no port): see infra/README.md for the heartbeat-based check to add.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/usr/local/lib/kaizen/worker-alive.cjs", "dist/apps/worker/main.js"]
# Node flags as in tools/app-node-flags.mjs (tests/infra/dockerfiles.test.ts keeps the two the same).
CMD ["node", "--enable-source-maps", "dist/apps/worker/main.js"]
