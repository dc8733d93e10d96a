#!/usr/bin/env bash
# Install runmuscles into ./.venv (first run only) and serve the notebook suite as Voila dashboards.
# Every argument goes to `runmuscles serve`, which accepts any Voila option (--port=9000, --port 9000,
# --Voila.ip=..., --token=...) and prints the address it really serves once it listens.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if ! .venv/bin/python -c "import runmuscles.serving, voila" 2>/dev/null || [ ! -x .venv/bin/runmuscles ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e .
fi
exec .venv/bin/runmuscles serve notebooks/ "$@"
