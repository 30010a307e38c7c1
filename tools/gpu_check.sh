#!/usr/bin/env bash
# Prove that every method trains on this GPU node and print its cost there (one table), then
# run the CI subset of paper configs at their own crops (docs/results/paper_configs_gpu.md).
#
# Usage (an offline GPU node with torch preinstalled; wheels from tools/offline/download_wheels.sh):
#   bash tools/gpu_check.sh WHEELS_DIR            # install next to the node's torch, then check
#   SKIP_INSTALL=1 bash tools/gpu_check.sh        # already installed (PYTHONPATH or venv)
#   bash tools/gpu_check.sh --dry-run             # CPU, tiny configs and shapes (what CI runs)
# Env: PYTHON (default python3), MMKD_SITE (install target, default /tmp/mmkd_site),
#      GPU_CHECK_ARGS (extra arguments, e.g. "--methods bckd lix --iters 10").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
CHECK="$ROOT/tools/analysis_tools/gpu_check.py"
if [ "${1:-}" = "--dry-run" ]; then
  exec "$PY" "$CHECK" --dry-run ${GPU_CHECK_ARGS:-}
fi
start=$(date +%s)
if [ -z "${SKIP_INSTALL:-}" ]; then
  WHEELS=${1:?usage: gpu_check.sh WHEELS_DIR | --dry-run (or SKIP_INSTALL=1)}
  TARGET=${MMKD_SITE:-/tmp/mmkd_site}
  PYTHON="$PY" bash "$ROOT/tools/offline/install_offline.sh" "$WHEELS" "$TARGET"
  export PYTHONPATH="$TARGET:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
  echo "[gpu_check] install and mmcv build: $(( $(date +%s) - start )) s"
fi
"$PY" "$CHECK" --device cuda ${GPU_CHECK_ARGS:-}
# the paper-config checker at the configs' own crops on this GPU: train, resume, test, export
"$PY" "$ROOT/tools/analysis_tools/check_paper_configs.py" --subset ci --device cuda --scale 1 \
  --work-dir "${GPU_CHECK_WORK:-/tmp/mmkd_gpu_check}" \
  --out "$ROOT/docs/results/paper_configs_gpu.json"
"$PY" "$ROOT/tools/analysis_tools/paper_scale_cost.py" --device cuda \
  --out "$ROOT/docs/results/paper_scale_cost_gpu.json"
echo "[gpu_check] finished in $(( $(date +%s) - start )) s"
