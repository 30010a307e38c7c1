#!/usr/bin/env bash
# On a machine with PyPI access: fetch everything an OFFLINE machine that already has torch
# (and numpy, opencv, matplotlib, scipy, ...) needs for mmkd_ext, for its Python version.
# Usage: bash tools/offline/download_wheels.sh DIR [PYTHON_VERSION]   (default 3.12)
# Then copy DIR and this repository to the offline machine and run install_offline.sh there.
set -euo pipefail
DIR=${1:?usage: download_wheels.sh DIR [PYTHON_VERSION]}
PYV=${2:-3.12}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$DIR"
PLATFORMS=()
for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64 \
         manylinux1_x86_64; do PLATFORMS+=(--platform "$p"); done
# The OpenMMLab packages and the small dependencies they add on top of a PyTorch image.
python3 -m pip download -q --no-deps --only-binary=:all: --python-version "$PYV" \
  --implementation cp "${PLATFORMS[@]}" -d "$DIR" \
  -r "$ROOT/requirements/runtime.txt" \
  addict yapf termcolor platformdirs prettytable wcwidth terminaltables ordered-set tzdata \
  pycocotools shapely "setuptools>=77.0.3,<81"
# mmcv 2.1.0 exists on PyPI only as source; install_offline.sh builds it with CPU ops. pip
# reads its metadata by running its setup.py, which needs torch and pkg_resources: use the
# project environment (tools/install_env.sh) for that.
VENV=${MMKD_VENV:-$ROOT/.venv}
"$VENV/bin/python" -m pip download -q --no-deps --no-binary=:all: --no-build-isolation \
  -d "$DIR" -r "$ROOT/requirements/mmcv.txt"
ls "$DIR"
