"""The benchmark project's TeacherConnectorFitHook: fit a teacher-side connector once,
freeze it, survive resume."""
import glob
import os.path as osp
import random

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.runner import Runner

from conftest import REPO, TINY, run_config

from offline_benchmark.teacher_connector_fit_hook import TeacherConnectorFitHook

PROJECT = osp.join(REPO, 'projects', 'offline_benchmark')

PREFIT = glob.glob(osp.join(PROJECT, 'configs', 'heteroakd', 'heteroakd-prefit_*tiny*.py'))[0]


@pytest.fixture
def teacher_ckpt(random_teacher_ckpt):
    return random_teacher_ckpt(Config.fromfile(TINY['cnn_teacher']).model)


def _runner(tmp_path, offline_data, name, iters, teacher_ckpt, fit_iters=6):
    cfg = run_config(PREFIT, offline_data, str(tmp_path / 'run'), iters=iters)
    cfg.model.teacher_ckpt = teacher_ckpt
    cfg.custom_hooks[0].warmup_iters = 0  # the schedule hook; the fit hook is last
    cfg.custom_hooks[-1].iters = fit_iters
    cfg.visualizer.name = name
    return Runner.from_cfg(cfg)


def _proj_T(runner):
    return runner.model.distiller.connectors['proj_T']


def test_fit_freezes_logs_and_restores_the_random_state(tmp_path, offline_data, teacher_ckpt,
                                                         monkeypatch):
    runner = _runner(tmp_path, offline_data, 'fit', 2, teacher_ckpt)
    start = [p.detach().clone() for p in _proj_T(runner).parameters()]
    fitted = {}
    original = TeacherConnectorFitHook._fit

    def fit_and_keep(self, runner_, algorithm, module):
        states = random.getstate(), np.random.get_state()[1].copy(), torch.get_rng_state()
        scores = original(self, runner_, algorithm, module)
        # the fit draws random numbers (the augmentations use numpy's) ...
        assert not np.array_equal(np.random.get_state()[1], states[1])
        fitted['weights'] = [p.detach().clone() for p in module.parameters()]
        fitted['states'] = states
        return scores

    class Check(Hook):  # ... and before the first iteration they are undone
        def before_train(self, runner_):
            python, numpy, torch_state = fitted['states']
            fitted['restored'] = (random.getstate() == python
                                  and np.array_equal(np.random.get_state()[1], numpy)
                                  and torch.equal(torch.get_rng_state(), torch_state))
    runner.register_hook(Check(), priority='LOWEST')
    monkeypatch.setattr(TeacherConnectorFitHook, '_fit', fit_and_keep)
    runner.train()
    weights = [p.detach() for p in _proj_T(runner).parameters()]
    assert any(not torch.equal(a, b) for a, b in zip(start, fitted['weights']))  # it learned
    assert all(torch.equal(a, b) for a, b in zip(fitted['weights'], weights))  # then frozen
    assert not any(p.requires_grad for p in _proj_T(runner).parameters())
    assert not _proj_T(runner).training
    assert fitted['restored']
    logs = runner.message_hub.log_scalars
    for name in ('train/proj_T_fit_mIoU', 'train/teacher_fit_mIoU'):
        assert 0 <= logs[name].current() <= 100


def test_resume_does_not_fit_again(tmp_path, offline_data, teacher_ckpt, monkeypatch):
    _runner(tmp_path, offline_data, 'first', 2, teacher_ckpt).train()
    calls = []
    monkeypatch.setattr(TeacherConnectorFitHook, '_fit',
                        lambda *args: calls.append(1) or {})
    runner = _runner(tmp_path, offline_data, 'resumed', 3, teacher_ckpt)
    runner._resume = True
    saved = torch.load(osp.join(tmp_path, 'run', 'iter_2.pth'), weights_only=False)
    runner.train()
    assert not calls
    state = saved['state_dict']
    for name, param in _proj_T(runner).named_parameters():
        assert torch.equal(param.detach(), state[f'distiller.connectors.proj_T.{name}'])


def test_bad_keys_name_the_config_key(tmp_path, offline_data, teacher_ckpt):
    runner = _runner(tmp_path, offline_data, 'bad', 2, teacher_ckpt)
    distiller = runner.model.distiller
    with pytest.raises(ValueError, match="connector='proj_X'"):
        TeacherConnectorFitHook('proj_X', 'loss_proj_T')._check(distiller)
    with pytest.raises(ValueError, match="must be the teacher's 'proj_S'"):
        TeacherConnectorFitHook('proj_S', 'loss_proj_S')._check(distiller)
    with pytest.raises(ValueError, match='iters must be >= 1'):
        TeacherConnectorFitHook('proj_T', 'loss_proj_T', iters=0)
