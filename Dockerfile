# syntax=docker/dockerfile:1
# The image kpt and kustomize run as a container function and Argo CD runs as a CMP sidecar.
# The base images are build arguments so that the same recipe builds on a machine that cannot
# pull them (scripts/test-base-images.sh makes local ones in the same layout; the image tests use them).
ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUN_IMAGE=gcr.io/distroless/nodejs20-debian12:nonroot

# Build stage: install with the lockfile and bundle everything into one file.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# --ignore-scripts: the lifecycle scripts (prepare builds dist/) need the sources, copied below.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.lib.json ./
COPY scripts ./scripts
COPY src ./src
RUN node scripts/build.mjs

# Pack stage: the shipped file carries V8's code cache, which only the V8 that made it accepts, so
# it is packed again with the run stage's own Node (exec form: distroless has no shell).
FROM ${RUN_IMAGE} AS pack
USER 0
WORKDIR /pack
COPY --from=build /src/package.json ./
COPY --from=build /src/scripts ./scripts
COPY --from=build /src/dist/program.js ./dist/program.js
RUN ["/nodejs/bin/node", "scripts/pack.mjs"]

# Run stage: distroless Node 20 (no shell, no package manager) with only the bundle and the
# plugin configuration. Nothing is written at run time, so a read-only root filesystem works.
FROM ${RUN_IMAGE}
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="expand-pool-backups" \
      org.opencontainers.image.description="KRM function: renders Multigres Shards into StatefulSets, Services and PVCs with pool backups wired into pgctld" \
      org.opencontainers.image.source="https://github.com/multigres/expand-pool-backups" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=pack /pack/dist/expand-pool-backups.mjs /opt/expand-pool-backups/expand-pool-backups.mjs
COPY plugin.yaml /home/argocd/cmp-server/config/plugin.yaml
# uid 999 is what Argo CD's cmp-server sidecar must run as; kpt and kustomize override it with
# --user nobody, which works as well: the bundle needs no home directory and no writable path.
USER 999:999
WORKDIR /tmp
ENTRYPOINT ["/nodejs/bin/node", "/opt/expand-pool-backups/expand-pool-backups.mjs"]
