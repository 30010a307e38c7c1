#!/usr/bin/env bash
# Usage: bash tools/dist_train.sh CONFIG NPROC [train.py args...]
# Multi-node: NNODES=2 NODE_RANK=0|1 MASTER_ADDR=host PORT=29500 bash tools/dist_train.sh ...
CONFIG=$1
NPROC=$2
if [[ ! -f "$CONFIG" && "$CONFIG" != *::* ]] || ! [[ "$NPROC" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: bash $0 CONFIG NPROC [train.py args...] (got CONFIG='$CONFIG', NPROC='$NPROC')" >&2
    echo "CONFIG must be a config file (or pkg::path), NPROC the number of processes per node." >&2
    exit 2
fi
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
PYTHON=${PYTHON:-python}

PYTHONPATH="$(dirname "$0")/..":$PYTHONPATH \
"$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROC" \
    --master_port="$PORT" \
    "$(dirname "$0")/train.py" \
    "$CONFIG" \
    --launcher pytorch "${@:3}"
