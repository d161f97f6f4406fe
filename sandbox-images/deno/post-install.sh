#!/bin/sh
# Runs as root inside the image's rootfs after packages.txt is installed (network available).
# Installs Deno's Linux x86-64 binary from the npm registry (the package the `deno` npm package
# depends on for this platform), pinned by version and checked against its sha512 integrity.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
node "$here/npm-fetch.mjs" /usr/local/lib/node_modules \
  @deno/linux-x64-glibc@2.1.6=sha512-vvI1GlPs0kP2L7bxq0bN1/njZ0Tb3X3ExJx//FkK3wIO88R4PiDg88XNRAdeGqq9snIOGOsL0qEJoYaQvuw0Mg==
chmod 0755 /usr/local/lib/node_modules/@deno/linux-x64-glibc/deno
ln -sf ../lib/node_modules/@deno/linux-x64-glibc/deno /usr/local/bin/deno
