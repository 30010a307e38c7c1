"""BCKD end to end: tiny CNN pair on the offline data, weight decay and tau across resume."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from conftest import CONFIGS, TINY, run_config

BCKD = (f'{CONFIGS}/bckd/'
        'bckd_deeplabv3-r18w32-tiny_pspnet-r18w16-tiny_1xb8-300_offline-street-128x256.py')


class SeenHook(Hook):
    priority = 'LOW'   # after the weight schedule

    def __init__(self):
        self.seen = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        losses = runner.model.distiller.distill_losses
        self.seen.append((runner.iter, losses.loss_bd.loss_weight,
                          losses.loss_bd.temperature.value, losses.loss_cd.temperature.value))


def make_runner(data_root, work_dir, iters, teacher_ckpt, resume=False):
    cfg = run_config(BCKD, data_root, work_dir, iters=iters)
    cfg.model.teacher_ckpt = teacher_ckpt
    # a random teacher has a small relation range: lower the threshold so the rule fires
    cfg.model.distiller.distill_losses.loss_cd.tau_max_range = 1e-3
    cfg.default_hooks.checkpoint.interval = 2
    cfg.train_cfg.val_interval = 2
    cfg.resume = resume
    runner = Runner.from_cfg(cfg)
    hook = SeenHook()
    runner.register_hook(hook)
    return runner, hook


@pytest.fixture
def teacher_ckpt(random_teacher_ckpt):
    return random_teacher_ckpt(Config.fromfile(TINY['cnn_teacher']).model)


def test_bckd_trains_validates_and_resumes(offline_data, teacher_ckpt, tmp_path):
    wd = str(tmp_path / 'bckd')
    runner, hook = make_runner(offline_data, wd, 2, teacher_ckpt)
    runner.train()
    scalars = runner.message_hub.log_scalars
    for key in ('train/distill.loss_bd', 'train/distill.loss_cd', 'val/mIoU',
                'train/bckd_bd_tau', 'train/bckd_cd_tau'):
        assert key in scalars and torch.isfinite(torch.tensor(scalars[key].current()))
    # r(t) = 1 - (t - 1) / t_max with alpha = 5: weights 5, 2.5
    assert [w for _, w, _, _ in hook.seen] == [pytest.approx(5.0), pytest.approx(2.5)]
    assert hook.seen[0][2:] == (1.0, 1.0)                     # tau starts at 1
    state = torch.load(osp.join(wd, 'iter_2.pth'), map_location='cpu',
                       weights_only=False)['state_dict']
    tau_bd = float(state['distiller.distill_losses.loss_bd.temperature.tau'])
    tau_cd = float(state['distiller.distill_losses.loss_cd.temperature.tau'])
    assert tau_cd == pytest.approx(1.05**2)                  # grew after both iterations
    # the teacher side has no parameters; the student's fusion is saved
    assert not any(k.startswith('distiller.connectors.fusion_T.') for k in state)
    assert 'distiller.connectors.fusion_S.fuse.weight' in state

    resumed, hook_res = make_runner(offline_data, wd, 3, teacher_ckpt, resume=True)
    resumed.train()
    assert hook_res.seen[0][0] == 2
    assert hook_res.seen[0][1] == pytest.approx(5.0 / 3)     # decay continues at t = 3
    assert hook_res.seen[0][2:] == (pytest.approx(tau_bd), pytest.approx(tau_cd))
    assert glob.glob(osp.join(wd, 'iter_3.pth'))


BCKD_CWD = BCKD.replace('/bckd_deeplabv3', '/bckd-cwd_deeplabv3')


class CWDWeightHook(Hook):
    priority = 'LOW'   # after the weight schedule

    def __init__(self):
        self.seen = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        losses = runner.model.distiller.distill_losses
        self.seen.append((losses.loss_bd.loss_weight, losses.loss_cwd.loss_weight))


def test_bckd_composed_with_cwd_trains(offline_data, teacher_ckpt, tmp_path):
    cfg = run_config(BCKD_CWD, offline_data, str(tmp_path / 'bckd_cwd'), iters=2)
    cfg.model.teacher_ckpt = teacher_ckpt
    runner = Runner.from_cfg(cfg)
    hook = CWDWeightHook()
    runner.register_hook(hook)
    runner.train()
    scalars = runner.message_hub.log_scalars
    for key in ('train/distill.loss_bd', 'train/distill.loss_cd', 'train/distill.loss_cwd'):
        assert key in scalars and torch.isfinite(torch.tensor(scalars[key].current()))
    # r(t) decays the BCKD terms only; CWD keeps its weight
    assert hook.seen == [(pytest.approx(5.0), 5), (pytest.approx(2.5), 5)]
