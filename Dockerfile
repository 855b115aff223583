# syntax=docker/dockerfile:1
# Tickstream image: build the SvelteKit frontend with every dependency, then ship only production
# dependencies plus the TypeScript backend (Node 24 runs it directly by type stripping).
# CI has no Docker engine: e2e/production.test.ts replays the runtime stage below (its COPY lines,
# its `npm ci`, ENV, HEALTHCHECK and CMD) in a temporary folder and runs it. Keep those instructions
# simple: one source and one target per COPY, exec-form commands.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: full install (lockfile), frontend build -------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/package.json
COPY backend/package.json backend/package.json
COPY frontend/package.json frontend/package.json
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies only, non-root ------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
ENV HOST=0.0.0.0
ENV PORT=3000
ENV DATA_DIR=/app/data
# Process tuning, the same for `npm start` (scripts/with-node.js --tuned, package.json "serve") and
# the benches (bench/support/runtime.ts reads these lines and the CMD's node flags); idle RSS from
# npm run bench:memory.
# A 2 MB young generation (Node 24's default grows it to 32 MB per semi-space): against a database
# server 284 -> 141 MB; scavenges get more frequent, not longer. --expose-gc (in CMD) lets the app
# give back the heap its bulk work grew, once that work ends (backend/src/heap-trim.ts): PGlite first
# start 289 -> 191 MB. It replaced --optimize-for-size, which kept the heap as small but cost every
# answer a string of full collections (the symbol page: 37 -> 16 ms of CPU per response).
# glibc malloc: 2 arenas instead of up to 8 per core (PGlite's WebAssembly compile and V8's helper
# threads each left a 20-35 MB arena behind), and fixed 128 KB trim/mmap thresholds (by default
# both grow up to 32/64 MB after the first big free, so a backfill's buffers stayed resident):
# PGlite restart 267 -> 232 MB.
ENV NODE_OPTIONS=--max-semi-space-size=2
ENV MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY package.json package.json
COPY package-lock.json package-lock.json
COPY shared/package.json shared/package.json
COPY backend/package.json backend/package.json
COPY frontend/package.json frontend/package.json
# Workspaces: installs the root's, shared's, backend's and frontend's `dependencies` (the built
# frontend keeps its `dependencies` external), never devDependencies.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY shared/src shared/src
COPY backend/src backend/src
COPY migrations migrations
COPY --from=build /app/frontend/build frontend/build
# The embedded database (used only when DATABASE_URL is unset) needs a folder the app may write;
# mount a volume at /app/data to keep it.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# /api/health answers 503 only when the app is down; "degraded" (e.g. Yahoo rate limiting) stays healthy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 (exec form, no npm or shell in between) and receives SIGTERM itself: main.ts
# stops the poller, closes clients and the store, and exits within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--expose-gc", "backend/src/main.ts"]
