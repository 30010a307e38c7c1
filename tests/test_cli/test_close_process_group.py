"""close_process_group: a launched rank leaves with status 0 after the group is gone."""
import os.path as osp
import subprocess
import sys

import torch.distributed as dist

from conftest import REPO
from mmkd_ext.cli.common import close_process_group

SCRIPT = """
import sys
import torch.distributed as dist
from mmkd_ext.cli.common import close_process_group
dist.init_process_group('gloo', init_method='file://' + sys.argv[1], rank=0, world_size=1)
print('trained', flush=False)
close_process_group(launched=True)
print('after the exit')
sys.exit(3)
"""


def test_launched_rank_exits_zero_with_its_output(tmp_path):
    proc = subprocess.run([sys.executable, '-c', SCRIPT, str(tmp_path / 'store')],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'trained' in proc.stdout and 'after the exit' not in proc.stdout


def test_call_from_python_destroys_the_group_and_returns(tmp_path):
    dist.init_process_group('gloo', init_method=f'file://{osp.join(tmp_path, "store")}',
                            rank=0, world_size=1)
    close_process_group(launched=False)
    assert not dist.is_initialized()
    close_process_group(launched=True)  # no group: nothing to do, no exit
