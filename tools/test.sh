#!/usr/bin/env bash
# Evaluate one checkpoint on one process and print the metric table.
# Usage: bash tools/test.sh CONFIG CHECKPOINT [test.py args...]
PYTHON=${PYTHON:-python}
PYTHONPATH="$(dirname "$0")/..":$PYTHONPATH \
"$PYTHON" "$(dirname "$0")/test.py" "$@"
