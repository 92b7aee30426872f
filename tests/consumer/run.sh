#!/usr/bin/env bash
# Builds and runs the consumer programs against an installed rewardkit.
#   run.sh cmake|pkgconfig PREFIX WORKDIR
set -euo pipefail
mode=$1 prefix=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
spec="$prefix/share/rewardkit/specs/gsm8k.json"
rm -rf "$work"
mkdir -p "$work"

case $mode in
  cmake)
    cmake -S "$here" -B "$work" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release
    cmake --build "$work"
    # The shared one finds librewardkit_c through the RPATH CMake gives it.
    for exe in consumer_shared consumer_static consumer_cxx; do
      "$work/$exe" "$spec"
    done
    # The static one must not need the shared library at all.
    if ldd "$work/consumer_static" | grep -q rewardkit_c; then
      echo "consumer_static links librewardkit_c.so" >&2
      exit 1
    fi
    ;;
  pkgconfig)
    export PKG_CONFIG_PATH="$(dirname "$(find "$prefix" -name rewardkit.pc | head -1)")"
    pkg-config --exists --print-errors rewardkit
    test "$(pkg-config --modversion rewardkit)" = "$(sed -n 's/^#define RK_VERSION_STRING "\(.*\)"$/\1/p' "$prefix/include/rewardkit/rk.h")"
    libdir=$(pkg-config --variable=libdir rewardkit)
    # Shared: only what pkg-config says.
    cc -std=c99 -Wall -Wextra -pedantic -Werror "$here/consumer.c" -o "$work/consumer_pc" \
      $(pkg-config --cflags --libs rewardkit) -Wl,-rpath,"$libdir"
    "$work/consumer_pc" "$spec"
    # Static: the archive, then what --static adds.
    cc -std=c99 -c $(pkg-config --cflags rewardkit) "$here/consumer.c" -o "$work/consumer.o"
    c++ "$work/consumer.o" -o "$work/consumer_pc_static" "$libdir/librewardkit_c.a" \
      $(pkg-config --static --libs rewardkit | sed 's/-lrewardkit_c\b//')
    "$work/consumer_pc_static" "$spec"
    ;;
  *)
    echo "usage: run.sh cmake|pkgconfig PREFIX WORKDIR" >&2
    exit 2
    ;;
esac
