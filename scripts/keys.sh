#!/usr/bin/env bash
# `npm run keys -- …`: manages API keys in Redis (apps/api/src/tenants/keys.cli.ts). From the
# sources where ts-node is installed (a development checkout), else from the build (dist/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -d node_modules/ts-node ]; then
  exec node -r ts-node/register/transpile-only -r tsconfig-paths/register apps/api/src/tenants/keys.cli.ts "$@"
fi
exec node -r ./scripts/register-paths.js dist/apps/api/src/tenants/keys.cli.js "$@"
