#!/usr/bin/env bash
# The main job: install everything, then the offline benchmark's quick path (one seed, 300
# iterations, 50 test images) for a teacher, the no-KD student, a stock baseline (CWD) and a
# paper method (BCKD), then a figure of what distillation changed. A demonstration of the
# workflow: its last table puts the quick numbers beside the converged benchmark's.
#
# Usage: bash tools/quickstart.sh
#   QUICKSTART_METHODS  method tags, comma-separated (default cwd,bckd; see
#                       projects/offline_benchmark/offline_benchmark/rows.py, e.g. transkd, heteroakd, lix)
#   QUICKSTART_DIR      work dir (default work_dirs/quickstart)
#   QUICKSTART_ITERS    iterations per run (default: the quick path's 300)
#   QUICKSTART_DATA     generated data (default data/offline_benchmark)
#   MMKD_VENV           virtual environment (default <repo>/.venv)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WD=${QUICKSTART_DIR:-work_dirs/quickstart}
METHODS=${QUICKSTART_METHODS:-cwd,bckd}
ITERS=${QUICKSTART_ITERS:+--iters $QUICKSTART_ITERS}
DATA=${QUICKSTART_DATA:-data/offline_benchmark}
PY=${MMKD_VENV:-$ROOT/.venv}/bin/python
mkdir -p "$WD"
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start )) s"; }
fail() { echo "failed; the last lines of $1:" >&2; tail -n 40 "$1" >&2; exit 1; }

echo "[1/3] install (log: $WD/install.log; the first install builds mmcv from source)"
bash tools/install_env.sh > "$WD/install.log" 2>&1 || fail "$WD/install.log"
install_s=$(( $(date +%s) - start ))
runs=$(( 2 + $(tr ',' '\n' <<< "$METHODS" | wc -l) ))
echo "[2/3] $(elapsed): teacher, no-KD student and ${METHODS//,/, } (at least $runs runs of" \
     "about 2-3 min each on 2 CPU cores; one line per run, logs under $WD)"
# shellcheck disable=SC2086
"$PY" projects/offline_benchmark/benchmark.py --quick --methods ${METHODS//,/ } \
    --work-dir "$WD" --data-root "$DATA" $ITERS 2> "$WD/benchmark.log" \
    | tee "$WD/benchmark.out" | { grep --line-buffered '^\[' || true; } || fail "$WD/benchmark.log"
echo "[3/3] $(elapsed): figure"
"$PY" tools/analysis_tools/kd_figure.py "$WD/quick.json" --out "$WD/quick_figure.png" \
    2>> "$WD/benchmark.log" || fail "$WD/benchmark.log"
sed -n '/^The quick numbers/,$p' "$WD/benchmark.out"
echo "logs: $WD/install.log, $WD/benchmark.log and each run's train.log under $WD"
echo "quickstart finished in $(elapsed) (install included)"
printf '{"install_s": %s, "total_s": %s, "methods": "%s"}\n' "$install_s" \
    "$(( $(date +%s) - start ))" "$METHODS" > "$WD/timing.json"
