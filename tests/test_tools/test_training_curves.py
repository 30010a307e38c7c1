"""tools/analysis_tools/training_curves.py on hand-written scalars.json logs."""
import json
import math
import os

import pytest

from conftest import load_analysis_tool


def write_log(run_dir, entries, stamp='20260101_000000'):
    log = run_dir / stamp / 'vis_data'
    os.makedirs(log, exist_ok=True)
    with open(log / 'scalars.json', 'w') as f:
        for entry in entries:
            f.write(json.dumps(entry) + '\n')


def test_window_means_over_runs(tmp_path):
    tool = load_analysis_tool('training_curves')
    # beta = iter / 10 in run a, iter / 5 in run b; a validation line without the key
    write_log(tmp_path / 'a', [dict(iter=i, beta=i / 10) for i in range(1, 11)]
              + [dict(iter=10, mIoU=50.0)])
    write_log(tmp_path / 'b', [dict(iter=i, beta=i / 5) for i in range(1, 11)])
    out = tmp_path / 'curves.md'
    tool.main([str(tmp_path / 'a'), str(tmp_path / 'b'), '--keys', 'beta', '--points', '2',
               '--out', str(out)])
    rows = [line for line in out.read_text().splitlines() if line.startswith('| 5')
            or line.startswith('| 10')]
    # window (0, 5]: mean iter 3 -> 0.3 and 0.6; window (5, 10]: mean iter 8 -> 0.8 and 1.6
    assert rows == ['| 5 | 0.450 [0.300, 0.600] |', '| 10 | 1.200 [0.800, 1.600] |']


def test_windowed_reference():
    tool = load_analysis_tool('training_curves')
    curve = {1: 1.0, 2: 3.0, 4: 5.0}
    means = tool.windowed(curve, [2, 3, 4])
    assert means[0] == 2.0 and math.isnan(means[1]) and means[2] == 5.0


def test_later_log_wins_on_resume(tmp_path):
    tool = load_analysis_tool('training_curves')
    write_log(tmp_path / 'r', [dict(iter=1, beta=1.0), dict(iter=2, beta=1.0)], '20260101_0')
    write_log(tmp_path / 'r', [dict(iter=2, beta=9.0)], '20260101_1')
    assert tool.read_scalars(str(tmp_path / 'r'), ['beta'])['beta'] == {1: 1.0, 2: 9.0}


def test_bad_inputs_name_the_option(tmp_path):
    tool = load_analysis_tool('training_curves')
    write_log(tmp_path / 'r', [dict(iter=1, beta=1.0)])
    with pytest.raises(KeyError, match=r"--keys \['cka'\].*logged: \['beta', 'iter'\]"):
        tool.main([str(tmp_path / 'r'), '--keys', 'cka'])
    with pytest.raises(FileNotFoundError, match='scalars.json'):
        tool.main([str(tmp_path / 'missing'), '--keys', 'beta'])
    out = tmp_path / 'exists.md'
    out.write_text('keep')
    with pytest.raises(SystemExit, match='--force'):
        tool.main([str(tmp_path / 'r'), '--keys', 'beta', '--out', str(out)])
    assert out.read_text() == 'keep'
    with pytest.raises(SystemExit, match='--points must be >= 1'):
        tool.main([str(tmp_path / 'r'), '--keys', 'beta', '--points', '0'])
