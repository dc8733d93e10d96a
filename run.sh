#!/usr/bin/env bash
# Install runmuscles into ./.venv (first run only) and serve the notebook suite with Voila on localhost.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
PORT="${PORT:-8866}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# -I: isolated mode, so the voila.py config in this folder does not shadow the voila package
if ! .venv/bin/python -I -c "import runmuscles, voila" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e .
fi
echo "runmuscles: open http://127.0.0.1:${PORT}/voila/render/01-gait-cycle-explorer.ipynb (the suite: http://127.0.0.1:${PORT}/)"
exec .venv/bin/voila notebooks/ --no-browser --port="${PORT}" --Voila.ip=127.0.0.1 "$@"
