#!/usr/bin/env bash
# On an OFFLINE machine whose python3 already has torch: install what download_wheels.sh
# fetched into TARGET (default /tmp/mmkd_site) and build mmcv's CPU ops there (uses all cores).
# Usage: bash tools/offline/install_offline.sh DIR [TARGET]
#        export PYTHONPATH=TARGET:<this repository>     # then python3 tools/train.py ...
# The CPU ops are enough for the distillation models (no mmcv CUDA op in their forward pass).
set -euo pipefail
DIR=$(cd "${1:?usage: install_offline.sh DIR [TARGET]}" && pwd)
TARGET=${2:-/tmp/mmkd_site}
PY=${PYTHON:-python3}
mkdir -p "$TARGET"
"$PY" -m pip install -q --no-index --no-deps --no-compile --target "$TARGET" "$DIR"/*.whl
# mmcv's setup.py imports pkg_resources: build with the carried setuptools first on the path,
# CUDA hidden so that only the CPU ops are compiled.
if ! PYTHONPATH="$TARGET" "$PY" -c "import mmcv.ops" 2>/dev/null; then
  PYTHONPATH="$TARGET" CUDA_VISIBLE_DEVICES="" MMCV_WITH_OPS=1 MAX_JOBS=$(nproc) \
    "$PY" -m pip install -q --no-index --no-deps --no-build-isolation --target "$TARGET" \
    "$DIR"/mmcv-*.tar.gz
fi
PYTHONPATH="$TARGET:$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" "$PY" -c \
  "import mmkd_ext, mmcv.ops, torch; print('mmkd_ext', mmkd_ext.__version__, 'torch', torch.__version__, 'cuda', torch.cuda.is_available())"
