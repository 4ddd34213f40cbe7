#!/usr/bin/env bash
# Starts Jupyter Notebook on notebooks/ with the Trainlab kernel (found through JUPYTER_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f instructor/dist/kernel/launch.js ] || { echo "Trainlab is not set up yet: run \`npm run course\` (or \`npm run setup\`)." >&2; exit 1; }
source bin/jupyter-python.sh
[ -n "$PY" ] || { echo "Jupyter is not installed: run \`npm run course\` (or \`npm run setup\`)." >&2; exit 1; }
export JUPYTER_PATH="$PWD/kernel${JUPYTER_PATH:+:$JUPYTER_PATH}"
args=(--notebook-dir="$PWD/notebooks" --ip="${TRAINLAB_IP:-127.0.0.1}" --port="${TRAINLAB_PORT:-8888}")
[ "$(id -u)" -eq 0 ] && args+=(--allow-root)
[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || args+=(--no-browser)
echo "Trainlab: open the URL below in your browser, then 00-getting-started.ipynb. Stop with Ctrl+C."
exec "$PY" -m notebook "${args[@]}" "$@"
