#!/bin/sh
# Runs as root inside the image's rootfs after packages.txt is installed (network available).
# Installs the TypeScript compiler and the Node.js type definitions from the npm registry,
# pinned by version and checked against the registry's sha512 integrity.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
node "$here/npm-fetch.mjs" /usr/local/lib/node_modules \
  typescript@5.9.3=sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw== \
  @types/node@18.19.130=sha512-GRaXQx6jGfL8sKfaIDD6OupbIHBr9jv7Jnaml9tB7l4v068PAOXqfcujMMo5PhbIs6ggR1XODELqahT2R8v0fg== \
  undici-types@5.26.5=sha512-JlCMO+ehdEIKqlFxk6IfVoAUVmgz7cU7zD/h9XZ0qzeosSHmUJVOzSQvvYSYWXkFXC+IfLKSIffhv0sVZup6pA==
ln -sf ../lib/node_modules/typescript/bin/tsc /usr/local/bin/tsc
