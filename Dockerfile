# syntax=docker/dockerfile:1
# s3-api container image.
#
#   docker build \
#     --build-arg GIT_HASH="$(git rev-parse HEAD)" \
#     --build-arg BUILD_STAMP="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
#     --build-arg VERSION="$(node -p 'require("./package.json").version')" \
#     --build-arg SOURCE=https://github.com/<org>/s3-api \
#     -t s3-api .
#
# .git is not in the build context: GIT_HASH is required (scripts/generate.mjs fails the build
# without it, so GET /v1/s3/version never reports a placeholder).

# ---- build: all dependencies, generate build info and Swagger metadata, compile to dist/ ----
FROM node:24-slim AS build
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY package.json package-lock.json ./
# Runs the install scripts that package.json "allowScripts" approves (node, @swc/core).
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/generate.mjs ./scripts/
COPY apps ./apps
COPY libs ./libs
# The service's IAM policy: sandbox mode runs under it, so the build compiles it in.
COPY deploy/iam/s3-api-policy.json ./deploy/iam/
ARG GIT_HASH
ARG BUILD_STAMP
RUN GIT_HASH="${GIT_HASH}" BUILD_STAMP="${BUILD_STAMP}" npm run build

# ---- deps: production dependencies only ----
FROM node:24-slim AS deps
WORKDIR /app
ENV npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
COPY package.json package-lock.json ./
# --omit=dev drops every devDependency, the `node@24` runtime package included (the lockfile marks
# it dev). No production dependency needs an install script: the only one that has one is
# @scarf/scarf (install analytics, denied in allowScripts), so scripts are skipped outright.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# ---- runtime ----
FROM node:24-slim AS runtime
ARG GIT_HASH
ARG BUILD_STAMP
ARG VERSION
ARG SOURCE
LABEL org.opencontainers.image.title="s3-api" \
      org.opencontainers.image.description="Self-service REST API that provisions S3 buckets, IAM users and static websites" \
      org.opencontainers.image.licenses="AGPL-3.0-only" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_HASH}" \
      org.opencontainers.image.created="${BUILD_STAMP}"
ENV NODE_ENV=production
WORKDIR /app
# Everything stays owned by root: the process (uid 1000) can read the application, never change it.
COPY package.json LICENSE ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# uid 1000 is the image's `node` user; numeric so that Kubernetes runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 8080
# No curl in the slim image: node itself asks the liveness route (PORT honoured if overridden).
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/v1/s3/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (drain bounded by server.drainTimeoutSeconds).
STOPSIGNAL SIGTERM
# The node flags of `npm run start:prod` (README, "Memory"): a small young generation, and a full collection
# once the old one has grown by a fifth, which bounds the garbage held between collections.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=20", "dist/apps/s3-api/src/main.js"]
