"""DistillGradientScaleHook: when it measures, what it logs, and that training is unchanged."""
import glob
import json
import os.path as osp

import pytest
import torch
from mmengine.runner import Runner

from conftest import CWD, METHODS, run_config
from mmkd_ext.engine import DistillGradientScaleHook

HOOK = 'mmrazor.DistillGradientScaleHook'


def make_runner(config, data_root, work_dir, hook=None, iters=3, weight=None):
    cfg = run_config(config, data_root, work_dir, iters=iters)
    cfg.model.teacher_ckpt = None
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.randomness = dict(seed=0, deterministic=True)
    cfg.visualizer.name = f'visualizer_{work_dir}'  # a fresh one, writing into this work_dir
    if weight is not None:
        cfg.model.distiller.distill_losses.loss_cwd.loss_weight = weight
    cfg.custom_hooks = [*cfg.get('custom_hooks', []), *([hook] if hook else [])]
    return Runner.from_cfg(cfg)


def log_text(work_dir) -> str:
    return ''.join(open(p).read() for p in glob.glob(osp.join(work_dir, '*', '*.log')))


def test_due_iterations():
    once = DistillGradientScaleHook(start=2)
    assert [i for i in range(8) if once.due(i)] == [2]
    every = DistillGradientScaleHook(start=1, interval=3)
    assert [i for i in range(8) if every.due(i)] == [1, 4, 7]


@pytest.mark.parametrize('kwargs,match', [
    (dict(start=-1), 'start=-1'), (dict(interval=-2), 'interval=-2'),
    (dict(max_ratio=0), 'max_ratio=0')])
def test_bad_arguments_name_the_key(kwargs, match):
    with pytest.raises(ValueError, match=match):
        DistillGradientScaleHook(**kwargs)


def test_training_is_bit_identical_with_the_hook(offline_data, tmp_path):
    plain = make_runner(CWD, offline_data, str(tmp_path / 'plain'))
    plain.train()
    hooked = make_runner(CWD, offline_data, str(tmp_path / 'hooked'),
                         hook=dict(type=HOOK, start=0, interval=1))
    hooked.train()
    hook = [h for h in hooked.hooks if isinstance(h, DistillGradientScaleHook)][0]
    assert [r['iter'] for r in hook.history] == [0, 1, 2]
    expected, got = plain.model.state_dict(), hooked.model.state_dict()
    assert list(expected) == list(got)
    for key in expected:
        assert torch.equal(expected[key], got[key]), key


def test_logs_scalars_and_warns_once_for_an_overweighted_term(offline_data, tmp_path):
    work_dir = str(tmp_path / 'wd')
    # 1000x the shipped weight (5): CWD's step-0 ratio of about 0.6 becomes about 600
    runner = make_runner(CWD, offline_data, work_dir, weight=5000.0, hook=dict(
        type=HOOK, start=0, interval=1, calibrate_to=dict(loss_cwd=1.0)))
    runner.train()
    hook = [h for h in runner.hooks if isinstance(h, DistillGradientScaleHook)][0]
    first = hook.history[0]
    cwd = [s for s in first['terms'] if s.key == 'distill.loss_cwd'][0]
    assert cwd.loss_weight == 5000.0 and cwd.ratio['all'] > 10
    assert set(cwd.norm) >= {'all', 'backbone', 'decode_head', 'auxiliary_head'}
    suggested = first['suggested']['distill.loss_cwd']
    assert suggested == pytest.approx(5000.0 / cwd.ratio['all'])
    text = log_text(work_dir)
    warning = 'distill.loss_cwd (loss_weight=5000.0) has'
    assert text.count(warning) == 1  # once, though measured at every iteration
    assert 'Gradient scale on the student at iteration 0' in text
    scalars = [json.loads(line) for p in glob.glob(osp.join(work_dir, '*', 'vis_data',
                                                            'scalars.json'))
               for line in open(p)]
    ratios = [s['gradscale/distill.loss_cwd/all/ratio'] for s in scalars
              if 'gradscale/distill.loss_cwd/all/ratio' in s]
    assert len(ratios) == 3 and ratios[0] == pytest.approx(cwd.ratio['all'])


def test_default_start_is_the_end_of_the_warm_up(offline_data, tmp_path):
    config = METHODS['heteroakd']  # DistillWeightScheduleHook with a warm-up
    cfg = run_config(config, offline_data, str(tmp_path), iters=3)
    schedule = [h for h in cfg.custom_hooks if h.type.endswith('DistillWeightScheduleHook')]
    schedule[0].warmup_iters = 2
    cfg.model.teacher_ckpt = None
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.custom_hooks.append(dict(type=HOOK))
    runner = Runner.from_cfg(cfg)
    runner.train()
    hook = [h for h in runner.hooks if isinstance(h, DistillGradientScaleHook)][0]
    assert [r['iter'] for r in hook.history] == [2]
    keys = [s.key for s in hook.history[0]['terms']]
    assert keys[0] == 'task' and len(keys) > 1 and all(k.startswith('distill.')
                                                      for k in keys[1:])


def test_unknown_calibration_key_names_it(offline_data, tmp_path):
    runner = make_runner(CWD, offline_data, str(tmp_path), hook=dict(
        type=HOOK, calibrate_to=dict(loss_kd=1.0)))
    with pytest.raises(KeyError, match="calibrate_to has 'loss_kd'"):
        runner.train()


def test_measures_under_amp(offline_data, tmp_path):
    """bfloat16 autocast through the optim wrapper's context: finite ratios, run completes."""
    from test_runner_amp import AMP, CROP, shrink_crops
    path = [p for p in AMP if osp.basename(p).startswith('bckd-amp')][0]
    cfg = run_config(path, offline_data, str(tmp_path), iters=2)
    cfg.model.teacher_ckpt = None
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    shrink_crops(cfg.train_dataloader)
    shrink_crops(cfg.model)
    if 'data_preprocessor' in cfg:
        cfg.data_preprocessor.size = CROP
    cfg.custom_hooks = [*cfg.get('custom_hooks', []), dict(type=HOOK, start=0)]
    runner = Runner.from_cfg(cfg)
    runner.train()
    hook = [h for h in runner.hooks if isinstance(h, DistillGradientScaleHook)][0]
    terms = hook.history[0]['terms']
    assert len(terms) >= 3  # task, boundary, context
    assert all(0 <= t.ratio['all'] < float('inf') for t in terms)
