# syntax=docker/dockerfile:1
# Kaizen Loop web: the built Angular app served by unprivileged nginx on port 8080, with index.html as
# the fallback for deep links, and /api proxied to the API (API_UPSTREAM, default api:3000).
#
#   docker build -f infra/docker/web.Dockerfile -t kaizen-loop/web:0.1.0 .      (from the repository root)

ARG NODE_BUILD_IMAGE=node:22.20.0-bookworm
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28.0-alpine

# 1. Build: the whole workspace's dependencies, then the web app (dist/apps/web/browser), the sign-in page
#    rendered ahead, and a gzip and a brotli copy beside each text file.
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
RUN npx nx run web:compress --output-style=stream

# 2. Runtime: nginx as user 101, listening on 8080. Its entrypoint renders /etc/nginx/templates/*.template
#    into /etc/nginx/conf.d with the environment (API_UPSTREAM, and NGINX_LOCAL_RESOLVERS taken from
#    /etc/resolv.conf because NGINX_ENTRYPOINT_LOCAL_RESOLVERS is set).
FROM ${NGINX_IMAGE} AS runtime
ENV API_UPSTREAM=api:3000 \
    NGINX_ENTRYPOINT_LOCAL_RESOLVERS=1
COPY infra/docker/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY --from=build /workspace/dist/apps/web/browser /usr/share/nginx/html
USER 101
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
CMD ["nginx", "-g", "daemon off;"]
