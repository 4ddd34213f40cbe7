#!/usr/bin/env bash
# The whole test suite: unit tests, then every notebook in real Jupyter and the HTML in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "npm packages are not installed: run \`npm run course\` (or \`npm run setup\`) first." >&2; exit 1; }
npx tsc -b  # every workspace (root tsconfig.json: kernel-ext, then instructor)
exec npx mocha "test/unit/**/*.test.mjs" "test/integration/**/*.test.mjs" "$@"
