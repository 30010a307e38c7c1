"""The downstream example trains its teacher and distills on its own dataset."""
import os.path as osp
import sys

import pytest

from conftest import REPO
from mmkd_ext.cli import test, train

PROJECT = osp.join(REPO, 'projects', 'example_downstream')
TEACHER = osp.join(PROJECT, 'configs', 'deeplabv3_r18-w32-tiny_1xb8-300_toy-shapes-128x256.py')
KD = osp.join(PROJECT, 'configs',
              'cwd_logits_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_toy-shapes-128x256.py')


@pytest.fixture
def project(monkeypatch):
    monkeypatch.syspath_prepend(PROJECT)
    import example_downstream
    yield example_downstream
    sys.modules.pop('example_downstream', None)
    sys.modules.pop('example_downstream.toy_shapes', None)


def small(data_root):
    opts = ['train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'default_hooks.checkpoint.interval=2', 'param_scheduler.0.end=2',
            'train_dataloader.batch_size=2']
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        opts += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                 f'{loader}.dataset.data_root={data_root}']
    return opts


def test_downstream_teacher_then_distillation(project, tmp_path):
    data = project.make_toy_shapes(str(tmp_path / 'toy_shapes'))
    train.main([TEACHER, '--work-dir', str(tmp_path / 'teacher'), '--cfg-options',
                *small(data)])
    ckpt = str(tmp_path / 'teacher' / 'iter_2.pth')
    train.main([KD, '--work-dir', str(tmp_path / 'kd'), '--cfg-options', *small(data),
                f'model.teacher_ckpt={ckpt}'])
    metrics = test.main([KD, str(tmp_path / 'kd' / 'iter_2.pth'), '--work-dir',
                         str(tmp_path / 'test'), '--cfg-options', *small(data)])
    assert set(metrics) >= {'mIoU', 'aAcc'}
