#!/usr/bin/env bash
# Build the static probes, import them as a tiny image and run each one under
# seccomp/profile.json in the same hardened setup the worker uses. Every output
# line is compared with expected.txt (x86_64 hosts). Requires docker + gcc.
#
#   seccomp/probes/run.sh            compare against expected.txt
#   seccomp/probes/run.sh --update   rewrite expected.txt from this run
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
profile="${SECCOMP_PROFILE:-$here/../profile.json}"
image="judgebox-seccomp-probes:latest"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$here/build.sh" "$work/root" >/dev/null
mkdir -m 1777 "$work/root/tmp"
tar -C "$work/root" -c . | docker import - "$image" >/dev/null

actual="$work/actual.txt"
for src in "$here"/*.c; do
  name="$(basename "$src" .c)"
  docker run --rm --network none --cap-drop ALL --security-opt no-new-privileges \
    --security-opt "seccomp=$profile" --user 1000:1000 --pids-limit 64 \
    "$image" "/$name" | sed "s|^|$name: |" >>"$actual"
done

if [ "${1:-}" = "--update" ]; then
  cp "$actual" "$here/expected.txt"
  echo "updated $here/expected.txt"
  exit 0
fi

passed=0 failed=0
while IFS= read -r line; do
  if grep -qxF -- "$line" "$actual"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "MISSING: $line"; fi
done <"$here/expected.txt"
while IFS= read -r line; do
  grep -qxF -- "$line" "$here/expected.txt" || echo "UNEXPECTED: $line"
done <"$actual"
echo "seccomp probes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
