#!/usr/bin/env bash
# Build every probe statically into OUT (default: seccomp/probes/bin).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/bin}"
mkdir -p "$out"
for src in "$here"/*.c; do
  name="$(basename "$src" .c)"
  gcc -static -O1 -Wall -Wextra -Wno-unused-parameter -o "$out/$name" "$src" -lpthread
done
echo "built probes into $out"
