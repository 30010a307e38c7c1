"""tools/dist_train.sh trains each method's tiny config with 2 CPU processes (gloo)."""
import os
import os.path as osp
import socket
import subprocess
import sys

import pytest

from conftest import METHODS, REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.mark.parametrize('method', sorted(METHODS))
def test_two_process_cpu_distillation(method, offline_data, tmp_path):
    # no teacher_ckpt: both ranks build the same seeded teacher, DDP syncs the rest
    opts = ['model.teacher_ckpt=None', 'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2', 'train_dataloader.batch_size=2']
    for loader in ('train_dataloader', 'val_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={offline_data}']
    if method == 'heteroakd':  # KD terms (and their gradients) from the first iteration
        opts.append('custom_hooks.0.warmup_iters=0')
    env = dict(os.environ, PYTHON=sys.executable, PORT=str(free_port()), OMP_NUM_THREADS='1')
    proc = subprocess.run(
        ['bash', osp.join(REPO, 'tools', 'dist_train.sh'), METHODS[method], '2', '--work-dir',
         str(tmp_path / 'wd'), '--cfg-options', *opts],
        capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (tmp_path / 'wd' / 'iter_2.pth').exists()
    assert 'teacher.mIoU' in proc.stdout + proc.stderr
