#!/usr/bin/env bash
# Install runmuscles with its test tools into ./.venv, make sure a Chromium is available for the
# dashboard tests, and run the whole test suite (package, notebooks, dashboards in a real browser).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"

# axe-core (package.json, package-lock.json) for the accessibility audit of the browser tests.
if command -v npm >/dev/null 2>&1; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
else
  echo "test.sh: npm not found; the browser tests' accessibility audit needs it (axe-core from npm)" >&2
fi

have_browser() {
  [ -n "${RUNMUSCLES_CHROMIUM:-}" ] && [ -x "${RUNMUSCLES_CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1 && return 0
  ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium* >/dev/null 2>&1
}
if ! have_browser; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: installing Playwright's chromium for the browser tests"
    .venv/bin/python -m playwright install chromium
  fi
fi

# The classroom hub's tests (tests/hub) need configurable-http-proxy from npm, next to the hub's config.
if [ ! -x deploy/jupyterhub/node_modules/.bin/configurable-http-proxy ] && command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing configurable-http-proxy for the hub tests (npm ci --prefix deploy/jupyterhub)"
  npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/pytest "$@"
