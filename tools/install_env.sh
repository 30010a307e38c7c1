#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment and install the pinned stack into it.
#
# Usage: bash tools/install_env.sh        # environment at $MMKD_VENV (default: <repo>/.venv)
# Idempotent: a second run checks the stamp file and installs nothing new.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${MMKD_VENV:-$ROOT/.venv}
PY=${PYTHON:-python3}
STAMP=$VENV/.mmkd_ext_installed
REQ_HASH=$(cat "$ROOT/requirements/"*.txt "$ROOT/setup.py" | sha1sum | cut -c1-12)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$REQ_HASH" ]; then
  echo "[install_env] $VENV is up to date"
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
# Every install is constrained by build.txt: torch and others pull in the newest setuptools
# otherwise, and mmcv's build and mmengine's runtime both need pkg_resources (setuptools < 70).
PIP="$VENV/bin/python -m pip"
CONSTRAINTS=(-c "$ROOT/requirements/build.txt")
$PIP install -q --upgrade pip
# Build tools first: mmcv 2.1.0's setup.py imports pkg_resources (gone in setuptools >= 70).
$PIP install -q -r "$ROOT/requirements/build.txt"
# torch before mmcv: mmcv's ops compile against the installed torch (no build isolation).
$PIP install -q "${CONSTRAINTS[@]}" -r "$ROOT/requirements/torch.txt"
if ! "$VENV/bin/python" -c "import mmcv, mmcv.ops" 2>/dev/null; then
  echo "[install_env] building mmcv with CPU ops (the longest step; cached by pip afterwards)"
  MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} $PIP install -q --no-build-isolation "${CONSTRAINTS[@]}" -r "$ROOT/requirements/mmcv.txt"
fi
$PIP install -q "${CONSTRAINTS[@]}" -r "$ROOT/requirements/runtime.txt" -r "$ROOT/requirements/tests.txt"
$PIP install -q "${CONSTRAINTS[@]}" --no-build-isolation --no-deps -e "$ROOT"
echo "$REQ_HASH" > "$STAMP"
echo "[install_env] ready: $VENV"
