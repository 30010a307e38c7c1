"""mmseg's own tools/train.py (what `mim train mmseg` runs) on our configs."""
import os.path as osp
import subprocess
import sys

import mmseg
from mmengine.config import Config

from conftest import CWD, REPO, TINY

MMSEG_TRAIN = osp.join(osp.dirname(mmseg.__file__), '.mim', 'tools', 'train.py')


def _train(config, cwd, offline_data, teacher):
    opts = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2', 'param_scheduler.0.end=2',
            'default_hooks.checkpoint.interval=2', 'train_dataloader.batch_size=2',
            f'model.teacher_ckpt={teacher}']
    for loader in ('train_dataloader', 'val_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={offline_data}']
    return subprocess.run([sys.executable, MMSEG_TRAIN, config, '--work-dir', 'wd',
                           '--cfg-options', *opts], cwd=cwd, capture_output=True, text=True)


def test_shipped_config_trains_with_mmsegs_script(tmp_path, offline_data, random_teacher_ckpt):
    """Shipped configs name their bases by relative path and import mmkd_ext through
    ``custom_imports``, which mmengine runs before the model (and the teacher's
    ``mmkd_ext::`` cfg_path) is built."""
    teacher = random_teacher_ckpt(Config.fromfile(TINY['cnn_teacher']).model)
    result = _train(osp.join(REPO, CWD), tmp_path, offline_data, teacher)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tmp_path / 'wd' / 'iter_2.pth').exists()


def test_mmkd_ext_base_needs_our_entry_point(tmp_path, offline_data):
    """mmengine resolves ``pkg::`` bases only for packages in its own table, and
    reads them before ``custom_imports`` runs; mmkd_ext adds itself on import, so
    mmseg's script cannot read a config with an ``mmkd_ext::`` base (the README
    says so and names mmkd-train / ``mim train mmkd_ext``)."""
    (tmp_path / 'my_kd.py').write_text(f"_base_ = ['mmkd_ext::cwd/{osp.basename(CWD)}']\n")
    result = _train('my_kd.py', tmp_path, offline_data, 'none.pth')
    assert result.returncode != 0
    assert 'does not support to load mmkd_ext config' in result.stderr
