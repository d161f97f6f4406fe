#!/bin/sh
# Runs as root inside the image's rootfs after packages.txt is installed (network available).
# Installs the TypeScript compiler, the Node.js type definitions and the CoffeeScript compiler
# (no dependencies) from the npm registry,
# pinned by version and checked against the registry's sha512 integrity.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
node "$here/npm-fetch.mjs" /usr/local/lib/node_modules \
  typescript@5.9.3=sha512-jl1vZzPDinLr9eUt3J/t7V6FgNEw9QjvBPdysz9KfQDD41fQrC2Y4vKQdiaUpFT4bXlb1RHhLpp8wtm6M5TgSw== \
  @types/node@18.19.130=sha512-GRaXQx6jGfL8sKfaIDD6OupbIHBr9jv7Jnaml9tB7l4v068PAOXqfcujMMo5PhbIs6ggR1XODELqahT2R8v0fg== \
  undici-types@5.26.5=sha512-JlCMO+ehdEIKqlFxk6IfVoAUVmgz7cU7zD/h9XZ0qzeosSHmUJVOzSQvvYSYWXkFXC+IfLKSIffhv0sVZup6pA== \
  coffeescript@2.7.0=sha512-hzWp6TUE2d/jCcN67LrW1eh5b/rSDKQK6oD6VMLlggYVUUFexgTH9z3dNYihzX4RMhze5FTUsUmOXViJKFQR/A==
ln -sf ../lib/node_modules/typescript/bin/tsc /usr/local/bin/tsc
ln -sf ../lib/node_modules/coffeescript/bin/coffee /usr/local/bin/coffee
