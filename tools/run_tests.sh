#!/usr/bin/env bash
# Install everything (idempotent) and run the test suite. CI calls exactly this.
# Usage: bash tools/run_tests.sh [pytest args...]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash tools/install_env.sh
VENV=${MMKD_VENV:-$ROOT/.venv}
"$VENV/bin/python" -m pytest tests "$@"
