
import pytest
import torch
from mmengine.hooks import Hook
from mmengine.runner import Runner

from conftest import CWD, run_config
from mmkd_ext.engine import DistillWeightScheduleHook


def reference_factor(i, max_iters, warmup=0, decay=None, begin=None, end=None,
                     end_factor=0.0, stop=None):
    """Written from the docstring's definition, independently of the hook."""
    begin = warmup if begin is None else begin
    end = max_iters if end is None else end
    if i < warmup or (stop is not None and i >= stop):
        return 0.0
    if decay != 'linear':
        return 1.0
    t = (i - begin) / (end - begin)
    t = 0.0 if t < 0 else 1.0 if t > 1 else t
    return (1 - t) * 1.0 + t * end_factor


@pytest.mark.parametrize('kwargs', [
    dict(),
    dict(warmup=3),
    dict(stop=5),
    dict(warmup=2, decay='linear'),
    dict(decay='linear', begin=0, end=10, end_factor=0.0),
    dict(decay='linear', begin=4, end=8, end_factor=0.5, stop=9),
])
def test_factor_matches_reference(kwargs):
    hook = DistillWeightScheduleHook(
        warmup_iters=kwargs.get('warmup', 0), decay=kwargs.get('decay'),
        decay_begin=kwargs.get('begin'), decay_end=kwargs.get('end'),
        end_factor=kwargs.get('end_factor', 0.0), stop_iter=kwargs.get('stop'))
    for i in range(12):
        assert hook.factor(i, 10) == pytest.approx(reference_factor(i, 10, **kwargs))


def test_bckd_linear_decay_form():
    """decay from 0 to max_iters, end 0: r(t) = 1 - (t - 1) / t_max, t = i + 1."""
    hook = DistillWeightScheduleHook(decay='linear', decay_begin=0)
    t_max = 40
    for i in range(t_max):
        assert hook.factor(i, t_max) == pytest.approx(1 - i / t_max)


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match='decay'):
        DistillWeightScheduleHook(decay='cosine')
    with pytest.raises(ValueError, match='warmup_iters'):
        DistillWeightScheduleHook(warmup_iters=-1)


class RecordHook(Hook):
    """Logs what the schedule set before each iteration (runs after it)."""
    priority = 'NORMAL'

    def __init__(self):
        self.seen = []

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        model = runner.model
        self.seen.append((runner.iter, model.distillation_stopped,
                          model.distiller.distill_losses['loss_cwd'].loss_weight))


class Interrupt(Exception):
    pass


class InterruptHook(Hook):
    """Stops training after iteration ``at`` (after its checkpoint is saved)."""
    priority = 'LOWEST'

    def __init__(self, at):
        self.at = at

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if runner.iter + 1 == self.at:
            raise Interrupt


def make_runner(data_root, work_dir, iters, hook_cfg, teacher_ckpt, resume=False):
    cfg = run_config(CWD, data_root, work_dir, iters=iters)
    cfg.model.teacher_ckpt = teacher_ckpt
    cfg.model.architecture.decode_head.dropout_ratio = 0.0
    cfg.model.architecture.auxiliary_head.dropout_ratio = 0.0
    cfg.default_hooks.checkpoint.interval = 2
    cfg.train_cfg.val_interval = 1000
    cfg.custom_hooks = [hook_cfg]
    cfg.randomness = dict(seed=0, deterministic=True)
    cfg.resume = resume
    runner = Runner.from_cfg(cfg)
    recorder = RecordHook()
    runner.register_hook(recorder)
    return runner, recorder


@pytest.fixture
def teacher_ckpt(random_teacher_ckpt):
    from mmengine.config import Config
    from conftest import TINY
    return random_teacher_ckpt(Config.fromfile(TINY['cnn_teacher']).model)


def test_schedule_in_a_run_and_across_resume(offline_data, teacher_ckpt, tmp_path):
    hook_cfg = dict(type='mmrazor.DistillWeightScheduleHook', warmup_iters=1,
                    decay='linear', end_factor=0.0)
    full, rec_full = make_runner(offline_data, str(tmp_path / 'full'), 4, hook_cfg,
                                 teacher_ckpt)
    full.train()
    expected = [(i, i < 1, 5 * reference_factor(i, 4, warmup=1, decay='linear'))
                for i in range(4)]
    assert [(i, s, pytest.approx(w)) for i, s, w in rec_full.seen] == expected

    # interrupt after 2 of 4 iterations, then resume in a fresh runner
    part, _ = make_runner(offline_data, str(tmp_path / 'part'), 4, hook_cfg,
                          teacher_ckpt)
    part.register_hook(InterruptHook(at=2))
    with pytest.raises(Interrupt):
        part.train()
    resumed, rec_res = make_runner(offline_data, str(tmp_path / 'part'), 4,
                                   hook_cfg, teacher_ckpt, resume=True)
    resumed.train()
    assert [(i, s, pytest.approx(w)) for i, s, w in rec_res.seen] == expected[2:]
    for (k, v), v_res in zip(full.model.state_dict().items(),
                             resumed.model.state_dict().values()):
        assert torch.allclose(v.float(), v_res.float(), atol=1e-6), k
