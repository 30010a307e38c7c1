"""Distillation misconfigurations that used to train to the end with a wrong result."""
import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import CWD, METHODS, build_model, fake_batch, run_config


def cwd_cfg(**loss):
    cfg = Config.fromfile(CWD)
    cfg.model.teacher_ckpt = None
    cfg.model.distiller.distill_losses.loss_cwd.update(loss)
    return cfg


@pytest.mark.parametrize('loss,match', [
    (dict(tau=0), r'distill_losses.loss_cwd.tau=0: .* must be > 0'),
    (dict(loss_weight=float('nan')), r'distill_losses.loss_cwd.loss_weight=nan'),
])
def test_bad_loss_arguments_fail_at_build(loss, match):
    with pytest.raises(ValueError, match=match):
        build_model(cwd_cfg(**loss).model)


def test_teacher_with_another_normalisation_fails_at_build():
    cfg = cwd_cfg()
    cfg.model.teacher.data_preprocessor = dict(
        type='SegDataPreProcessor', mean=[0.0, 0.0, 0.0], std=[1.0, 1.0, 1.0],
        bgr_to_rgb=True, pad_val=0, seg_pad_val=255)
    with pytest.raises(ValueError, match='model.teacher normalises its inputs with mean='):
        build_model(cfg.model)
    cfg.model.check_preprocessor = False  # the documented opt-out
    build_model(cfg.model)


def test_non_finite_loss_stops_the_step_and_names_the_loss():
    model = build_model(cwd_cfg().model).train()
    model.distiller.distill_losses['loss_cwd'].tau = 0.0  # e.g. set after the build
    batch = model.data_preprocessor(fake_batch(2), True)
    with pytest.raises(FloatingPointError,
                       match=r"\['distill.loss_cwd'\].*distill_losses.loss_cwd "
                       r"\(ChannelWiseDivergence, \{'tau': 0.0"):
        model.loss(batch['inputs'], batch['data_samples'])
    model.check_loss_finite = False
    losses = model.loss(batch['inputs'], batch['data_samples'])
    assert not torch.isfinite(losses['distill.loss_cwd'])


@pytest.mark.parametrize('hook,match', [
    (dict(warmup_iters=5), r'warmup_iters=5 >= train_cfg.max_iters=2'),
    (dict(warmup_iters=1, stop_iter=1), r'stop_iter=1 <= warmup_iters=1'),
])
def test_schedule_that_never_distills_stops_before_training(hook, match, offline_data,
                                                            tmp_path):
    cfg = run_config(METHODS['cwd'], offline_data, str(tmp_path), iters=2)
    cfg.model.teacher_ckpt = None
    cfg.custom_hooks = [dict(type='mmrazor.DistillWeightScheduleHook', **hook)]
    runner = Runner.from_cfg(cfg)
    with pytest.raises(ValueError, match=match):
        runner.train()
    assert not list(tmp_path.glob('iter_*.pth'))  # nothing saved
