#!/usr/bin/env bash
# The whole test suite: unit tests, then every notebook in real Jupyter and the HTML in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || { echo "npm packages are not installed: run \`npm run course\` (or \`npm run setup\`) first." >&2; exit 1; }
# As root, the grader's children, the class test's students and the unprivileged-grading test run
# as other users and read this checkout: every folder above it must let them through (a `mktemp -d`
# folder is 0700). Say so at once instead of failing a dozen tests with "Cannot find module".
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 \
  && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$PWD/package.json" 2>/dev/null; then
  blocked=""; d="$PWD"
  while [ "$d" != "/" ]; do setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$d" 2>/dev/null || blocked="$d"; d=$(dirname "$d"); done
  echo "The tests run parts of the course as other users (grading sandbox, JupyterHub students), but they cannot read $PWD: ${blocked:-a folder above it} is closed to other users. Run \`chmod o+rx ${blocked:-<that folder>}\` (or clone the course somewhere readable) and run the tests again." >&2
  exit 1
fi
npx tsc -b  # every workspace (root tsconfig.json: kernel-ext, then instructor)
exec npx mocha "test/unit/**/*.test.mjs" "test/integration/**/*.test.mjs" "$@"
