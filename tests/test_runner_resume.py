"""Interrupt + ``resume`` equals an uninterrupted run, for one tiny config per method.

CPU, deterministic mode, dropout and drop-path off in the student (MMEngine restores the
iteration, the data order and every state dict, but not the torch RNG stream).
"""
import pytest
import torch
from mmengine.config import ConfigDict
from mmengine.hooks import Hook
from mmengine.runner import Runner

from conftest import METHODS, run_config

ITERS, CUT = 4, 2
DROPOUT_KEYS = ('dropout_ratio', 'drop_rate', 'drop_path_rate', 'attn_drop_rate')


class Interrupt(Exception):
    pass


class InterruptHook(Hook):

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == CUT:
            raise Interrupt


def no_dropout(cfg: ConfigDict) -> None:
    for key, value in cfg.items():
        if key in DROPOUT_KEYS:
            cfg[key] = 0.0
        elif isinstance(value, ConfigDict):
            no_dropout(value)


def make_runner(method: str, data_root: str, work_dir: str, resume: bool = False) -> Runner:
    cfg = run_config(METHODS[method], data_root, work_dir, iters=ITERS)
    cfg.model.teacher_ckpt = None  # the seeded random teacher is saved in the checkpoints
    no_dropout(cfg.model.architecture)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.default_hooks.checkpoint.interval = CUT
    cfg.randomness = dict(seed=0, deterministic=True)
    hooks = cfg.get('custom_hooks', [])
    schedule = [h for h in hooks if h.type.endswith('DistillWeightScheduleHook')]
    if schedule:  # schedules start inside the run: warm-up 1, decay to the end
        schedule[0].update(warmup_iters=1)
    else:
        hooks.append(dict(type='mmrazor.DistillWeightScheduleHook', warmup_iters=1,
                          decay='linear', end_factor=0.5))
    cfg.custom_hooks = hooks
    cfg.resume = resume
    return Runner.from_cfg(cfg)


def optimizer_tensors(runner: Runner) -> list:
    state = runner.optim_wrapper.optimizer.state_dict()['state']
    return [(k, name, v) for k, s in sorted(state.items()) for name, v in sorted(s.items())
            if torch.is_tensor(v)]


@pytest.mark.parametrize('method', sorted(METHODS))
def test_resume_equals_uninterrupted(method, offline_data, tmp_path):
    full = make_runner(method, offline_data, str(tmp_path / 'full'))
    full.train()

    part = make_runner(method, offline_data, str(tmp_path / 'part'))
    part.register_hook(InterruptHook())
    with pytest.raises(Interrupt):
        part.train()
    resumed = make_runner(method, offline_data, str(tmp_path / 'part'), resume=True)
    resumed.train()

    assert resumed.iter == full.iter == ITERS
    expected, got = full.model.state_dict(), resumed.model.state_dict()
    assert list(expected) == list(got)
    distiller_keys = [k for k in expected if k.startswith('distiller.')]
    assert distiller_keys or method == 'cwd'  # connectors / loss parameters / buffers
    for key in expected:
        assert torch.allclose(expected[key].float(), got[key].float(), atol=1e-6), key
    full_opt, resumed_opt = optimizer_tensors(full), optimizer_tensors(resumed)
    assert len(full_opt) == len(resumed_opt) > 0
    for (k, name, a), (_, _, b) in zip(full_opt, resumed_opt):
        assert torch.allclose(a, b, atol=1e-6), (k, name)
    hub_full, hub_resumed = full.message_hub, resumed.message_hub
    for key in ('train/distill_weight_factor', 'train/loss'):
        assert hub_full.get_scalar(key).current() == pytest.approx(
            hub_resumed.get_scalar(key).current(), rel=1e-5), key
