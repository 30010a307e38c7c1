#!/usr/bin/env bash
# Usage: [GPUS=8 GPUS_PER_NODE=8] bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG [train.py args...]
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
if [[ -z "$PARTITION" || -z "$JOB_NAME" ]] || [[ ! -f "$CONFIG" && "$CONFIG" != *::* ]]; then
    echo "usage: bash $0 PARTITION JOB_NAME CONFIG [train.py args...] (got PARTITION='$PARTITION', JOB_NAME='$JOB_NAME', CONFIG='$CONFIG')" >&2
    exit 2
fi
GPUS=${GPUS:-4}
GPUS_PER_NODE=${GPUS_PER_NODE:-4}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
SRUN_ARGS=${SRUN_ARGS:-""}
PYTHON=${PYTHON:-python}

set -x
PYTHONPATH="$(dirname "$0")/..":$PYTHONPATH \
srun -p "$PARTITION" \
    --job-name="$JOB_NAME" \
    --gres=gpu:"$GPUS_PER_NODE" \
    --ntasks="$GPUS" \
    --ntasks-per-node="$GPUS_PER_NODE" \
    --cpus-per-task="$CPUS_PER_TASK" \
    --kill-on-bad-exit=1 \
    $SRUN_ARGS \
    "$PYTHON" -u "$(dirname "$0")/train.py" "$CONFIG" --launcher=slurm "${@:4}"
