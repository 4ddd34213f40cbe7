#!/usr/bin/env bash
# Sets up Trainlab on this machine: Jupyter (Debian packages, or pip), Chromium for the browser
# tests, the npm dependencies, and both workspaces (built by npm's `prepare`: tsc -b). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[trainlab setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31m[trainlab setup]\033[0m %s\n' "$*" >&2; exit 1; }

# Jupyter; Chromium (and MathJax) for the browser tests; util-linux, mount and iproute2 for the grader's sandbox (namespaces, uid leases);
# JupyterHub and its proxy for a class (`trainlab hub setup`, test/integration/class/).
APT_PACKAGES="jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel chromium util-linux mount iproute2 libjs-mathjax jupyterhub node-configurable-http-proxy"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none)). Install it from your distribution or nodejs.org, then run this again."

has_jupyter() { source bin/jupyter-python.sh; [ -n "$PY" ]; }
has_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ]; }
has_sandbox_tools() { for t in setpriv unshare prlimit flock mount umount pivot_root ip; do command -v "$t" >/dev/null 2>&1 || return 1; done; }
has_hub() { command -v jupyterhub >/dev/null 2>&1 && command -v configurable-http-proxy >/dev/null 2>&1; }

if has_jupyter && has_chromium && has_sandbox_tools && has_hub; then
  say "Jupyter, JupyterHub, Chromium and the grader's sandbox tools are installed."
elif command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"
    elif has_jupyter; then
      # The course itself needs only Jupyter: the rest is for the tests, the grader and a class hub.
      say "Not installing Debian packages (needs root): Chromium (browser tests), the grader's sandbox tools or JupyterHub (a class) are missing. For those, run:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends $APT_PACKAGES"
      SKIP_APT=1
    else fail "Jupyter is missing and installing it needs root. Run:
    sudo apt-get update && sudo apt-get install -y --no-install-recommends $APT_PACKAGES
then run this again. (Without Debian packages: pip install notebook nbclient nbconvert, and set CHROMIUM to a Chrome/Chromium binary.)"
    fi
  fi
  if [ -z "${SKIP_APT:-}" ]; then
    say "Installing Debian packages: $APT_PACKAGES"
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $APT_PACKAGES >/dev/null
    has_jupyter || fail "Debian's Jupyter packages installed, but /usr/bin/python3 cannot import nbclient/notebook."
  fi
else
  has_jupyter || fail "Jupyter is missing and this is not a Debian/Ubuntu machine. Install it with: pip install notebook nbclient nbconvert  (then run this again)."
  say "Chromium not found: the browser tests need it (set CHROMIUM=/path/to/chrome). The course itself runs without it."
fi

say "Installing npm packages and building kernel-ext and the instructor tooling…"
if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
{ [ -f kernel-ext/dist/index.js ] && [ -f instructor/dist/index.js ]; } || npx tsc -b

source bin/jupyter-python.sh
specs=$(JUPYTER_PATH="$PWD/kernel${JUPYTER_PATH:+:$JUPYTER_PATH}" "$PY" -m jupyter kernelspec list 2>/dev/null || true)
[[ "$specs" == *trainlab* ]] || fail "Jupyter does not see the Trainlab kernel spec in $PWD/kernel/kernels/trainlab."
say "Ready. Start the course with: npm start   (run the tests with: npm test)"
