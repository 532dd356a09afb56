# syntax=docker/dockerfile:1
# One image for both Lianluo processes: it starts the API by default, and docker-compose.yml runs the Temporal worker
# and the database migrations from the same image with another command. Build: docker compose build
#
# Node and npm match the development toolchain (package.json engines, Node 20.20 / npm 11.19), so the lockfile installs
# here exactly as it does on a developer's machine.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- npm: the base for every stage that installs packages ------------------------------------------------------------
FROM ${NODE_IMAGE} AS npm
# Node 20 ships npm 10, which ignores package.json's `allowScripts` (the list of dependencies whose install scripts
# may run, read by npm 11.16 and later); install the npm the lockfile was made with so that list applies here too.
ARG NPM_VERSION=11.19.1
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    SCARF_ANALYTICS=false
RUN npm install --global "npm@${NPM_VERSION}"
WORKDIR /app
COPY package.json package-lock.json ./

# ---- build: all dependencies, then tsc to dist/ and tsc-alias to rewrite @app/* imports ------------------------------
FROM npm AS build
RUN --mount=type=cache,target=/root/.npm npm ci
COPY tsconfig.json tsconfig.build.json ./
# The folders tsconfig.build.json compiles (its "include").
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
COPY scripts ./scripts
RUN npm run build

# ---- prod-deps: runtime dependencies only (the worker needs @swc/core at run time to bundle workflow code) -----------
FROM npm AS prod-deps
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev

# ---- runtime ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# A Chinese font for the PDF documents (apps/api/src/common/export/pdf.ts embeds it); Debian's, as bootstrap installs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-wqy-zenhei \
    && rm -rf /var/lib/apt/lists/*
# Left owned by root: the app user can read its code and packages but not rewrite them.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The folder of the signed records digests (RECORDS_DIGEST_DIR in docker-compose.yml), owned by the app user: a new
# named volume mounted there takes this ownership, so the worker can write into it.
RUN mkdir -p /var/lib/lianluo/records-digests && chown node:node /var/lib/lianluo/records-digests
# The unprivileged user that the official Node image provides (uid 1000).
USER node
EXPOSE 3000
# The API's health endpoint. The worker serves no HTTP, so docker-compose.yml turns this check off for it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/src/main.js"]
