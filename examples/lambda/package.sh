#!/usr/bin/env bash
# Builds the Lambda deployment package, build-lambda/rewardkit-lambda.zip:
# a fully static `bootstrap` (custom runtime, provided.al2023) and the spec.
#   examples/lambda/package.sh [SPEC.json]     (default examples/specs/gsm8k.json)
# Needs what .ci/setup installs. Debian ships simdjson only as a shared
# library, so its source package (the same version as the installed headers)
# is fetched from Debian's archive, checked against the signed index, and
# compiled in.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${RK_LAMBDA_BUILD_DIR:-build-lambda}
spec=$(realpath "${1:-examples/specs/gsm8k.json}")
deps=$(realpath -m "$build/deps")

if [ ! -f "$deps/simdjson/singleheader/simdjson.cpp" ]; then
  echo "package: fetching simdjson's source package from Debian" >&2
  mkdir -p "$deps/apt/lists/partial" "$deps/apt/cache/archives/partial" "$deps/src"
  cat > "$deps/apt/debian-src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  apt_opts=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$deps/apt"
            -o Dir::State::Lists="$deps/apt/lists" -o Dir::Cache="$deps/apt/cache"
            -o APT::Sandbox::User="$(id -un)" -qq)
  apt-get "${apt_opts[@]}" update
  version=$(dpkg-query -W -f='${Version}' libsimdjson-dev)
  (cd "$deps/src" && apt-get "${apt_opts[@]}" source --download-only "simdjson=$version")
  rm -rf "$deps/simdjson"
  mkdir -p "$deps/simdjson"
  tar -xzf "$deps/src"/simdjson_*.orig.tar.gz -C "$deps/simdjson" --strip-components=1
fi

cmake -S examples/lambda -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRK_SIMDJSON_SOURCE_DIR="$deps/simdjson" -DRK_LAMBDA_SPEC="$spec" >/dev/null
cmake --build "$build" -j"$(nproc)"
echo "package: $build/rewardkit-lambda.zip ($(stat -c %s "$build/rewardkit-lambda.zip") bytes, spec $spec)" >&2
