#!/usr/bin/env bash
# Install everything and run the main job on the bundled offline data:
# teacher -> student baseline -> CWD distillation -> tests -> student export -> test of the
# exported student with the plain student config -> mIoU table.
# Usage: bash tools/quickstart.sh   (env: MMKD_VENV, QUICKSTART_ITERS, QUICKSTART_DIR)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
bash tools/install_env.sh
VENV=${MMKD_VENV:-$ROOT/.venv}
PY="$VENV/bin/python"
ITERS=${QUICKSTART_ITERS:-300}
WD=${QUICKSTART_DIR:-work_dirs/quickstart}
TEACHER=configs/tiny/deeplabv3_r18-w32-tiny_1xb8-300_offline-street-128x256.py
STUDENT=configs/tiny/pspnet_r18-w16-tiny_1xb8-300_offline-street-128x256.py
KD=configs/cwd/cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py
SCHED="train_cfg.max_iters=$ITERS train_cfg.val_interval=$ITERS default_hooks.checkpoint.interval=$ITERS param_scheduler.0.end=$ITERS"
mkdir -p "$WD"
start=$(date +%s)

"$PY" tools/dataset_converters/generate_offline_street.py --out data/offline_street
echo "== 1/3 teacher";  "$PY" tools/train.py $TEACHER --work-dir "$WD/teacher" --cfg-options $SCHED
echo "== 2/3 student without KD"; "$PY" tools/train.py $STUDENT --work-dir "$WD/student" --cfg-options $SCHED
echo "== 3/3 student with CWD"
"$PY" tools/train.py $KD --work-dir "$WD/cwd" --cfg-options $SCHED model.teacher_ckpt="$WD/teacher/iter_$ITERS.pth"

export PYTHON="$PY"
bash tools/test.sh $TEACHER "$WD/teacher/iter_$ITERS.pth" --work-dir "$WD/test" --json-out "$WD/teacher.json"
bash tools/test.sh $STUDENT "$WD/student/iter_$ITERS.pth" --work-dir "$WD/test" --json-out "$WD/student.json"
bash tools/test.sh $KD "$WD/cwd/iter_$ITERS.pth" --work-dir "$WD/test" --json-out "$WD/cwd.json"
"$PY" tools/export_student.py "$WD/cwd/iter_$ITERS.pth" --out "$WD/cwd_student.pth"
bash tools/test.sh $STUDENT "$WD/cwd_student.pth" --work-dir "$WD/test" --json-out "$WD/cwd_exported.json"

"$PY" tools/analysis_tools/metric_table.py \
  "teacher DeepLabV3-R18w32=$WD/teacher.json" \
  "student PSPNet-R18w16, no KD=$WD/student.json" \
  "student + CWD (distillation ckpt)=$WD/cwd.json" \
  "student + CWD (exported, plain config)=$WD/cwd_exported.json"
echo "quickstart finished in $(( $(date +%s) - start )) s (after install)"
