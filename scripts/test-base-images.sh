#!/usr/bin/env bash
# Builds two local base images from this machine's Node, for building and running the real
# Dockerfile under podman where the public base images cannot be pulled:
#   localhost/epb-node-build:test  in the node:20-bookworm-slim layout (node and npm in /usr/local/bin, a shell)
#   localhost/epb-distroless:test  in the distroless nodejs20 layout (node at /nodejs/bin/node, users
#                                  nonroot 65532 and nobody 65534, no shell, no package manager)
# Usage: scripts/test-base-images.sh   (needs podman; CONTAINERS_CONF as in test/podman/containers.conf)
set -euo pipefail
node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
work=$(mktemp -d -t epb-base.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Copies a binary and the shared libraries it loads into a root filesystem.
with_libs() {
  local root=$1 bin=$2 dest=$3
  mkdir -p "$root$(dirname "$dest")"
  cp -L "$bin" "$root$dest"
  for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

users() {
  local root=$1
  mkdir -p "$root/etc" "$root/tmp" "$root/home/nonroot"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\nnobody:x:65534:\n' >"$root/etc/group"
  if [ -f /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$root/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  fi
}

run=$work/run
users "$run"
with_libs "$run" "$node_bin" /nodejs/bin/node
chown 65532:65532 "$run/home/nonroot"
tar -C "$run" -c . | podman import --change 'USER 65532' --change 'WORKDIR /home/nonroot' --change 'ENTRYPOINT ["/nodejs/bin/node"]' - localhost/epb-distroless:test >/dev/null

build=$work/build
users "$build"
with_libs "$build" "$node_bin" /usr/local/bin/node
with_libs "$build" "$(readlink -f /bin/sh)" /bin/sh
with_libs "$build" "$(readlink -f /usr/bin/env)" /usr/bin/env
mkdir -p "$build/usr/local/lib/node_modules"
cp -r "$npm_dir" "$build/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$build/usr/local/bin/npm"
ca=()
[ -f /etc/ssl/certs/ca-certificates.crt ] && ca=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
tar -C "$build" -c . | podman import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' "${ca[@]}" - localhost/epb-node-build:test >/dev/null
echo "built localhost/epb-distroless:test and localhost/epb-node-build:test from $node_bin ($("$node_bin" --version))"
