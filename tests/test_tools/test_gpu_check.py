"""tools/gpu_check.sh in its CPU dry-run mode: every method trains, one table, no NaN."""
import os
import os.path as osp
import subprocess
import sys

import pytest

from conftest import REPO, load_analysis_tool


def load_tool():
    return load_analysis_tool('gpu_check')


def test_paper_scale_configs_exist_for_every_paper_method():
    tool = load_tool()
    for method in ('transkd', 'heteroakd', 'lix', 'bckd'):
        paper, tiny, amp = tool.METHODS[method]
        assert osp.isfile(paper) and osp.isfile(tiny) and amp
    args = tool.parse_args(['--methods', 'bckd'])
    runs = tool.plan(args)  # paper scale: the config's crop and per-GPU batch
    assert [r['precision'] for r in runs] == ['fp32', 'amp']
    assert runs[0]['shape'] == (512, 1024) and runs[0]['batch_size'] == 2


def test_dry_run_script_prints_the_table():
    env = dict(os.environ, PYTHON=sys.executable, OMP_NUM_THREADS='2')
    proc = subprocess.run(['bash', osp.join(REPO, 'tools', 'gpu_check.sh'), '--dry-run'],
                          capture_output=True, text=True, env=env, timeout=900, cwd=REPO)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    rows = [line for line in proc.stdout.splitlines()
            if line.startswith('| ') and not line.startswith('| method')]
    methods = [row.split('|')[1].strip() for row in rows]
    assert sorted(set(methods)) == ['bckd', 'cwd', 'heteroakd', 'lix', 'transkd']
    assert methods.count('bckd') == 2  # fp32 and AMP (bfloat16 on the CPU)
    assert all(row.split('|')[8].strip() == 'none' for row in rows)  # no NaN/inf
    assert 'Random teachers' in proc.stdout and 'time:' in proc.stdout


def test_cuda_requested_without_cuda_is_a_clear_error():
    if load_tool().torch.cuda.is_available():
        pytest.skip('CUDA is available')
    with pytest.raises(SystemExit, match='use --dry-run'):
        load_tool().main(['--device', 'cuda', '--methods', 'cwd'])
