"""Mixed precision end to end: one AMP config per paper trains a few iterations on the offline data.

Each run checks that the Runner built an ``AmpOptimWrapper``, that the student's forward really
ran under bfloat16 autocast (its logits are bfloat16 during training), that every logged loss is
finite and that the optimizer stepped (dynamic loss scaling would skip a step on inf/NaN
gradients and lower its scale).
"""
import glob
import os.path as osp

import pytest
import torch
from mmengine.optim import AmpOptimWrapper
from mmengine.runner import Runner

from conftest import CONFIGS, run_config

AMP = sorted(glob.glob(osp.join(CONFIGS, '*', '*-amp_*.py')))
CROP = (32, 64)  # a quarter of the shipped crop: CPUs without native bfloat16 convolve slowly


def shrink_crops(node):
    """Set every train-time resize, crop and preprocessor pad size to ``CROP``."""
    if isinstance(node, dict):
        if node.get('type') == 'RandomResize':
            node['scale'] = CROP[::-1]
        elif node.get('type') == 'RandomCrop':
            node['crop_size'] = CROP
        elif 'DataPreProcessor' in str(node.get('type')) and node.get('size'):
            node['size'] = CROP
        for value in node.values():
            shrink_crops(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            shrink_crops(value)


def test_one_amp_config_per_paper():
    methods = {osp.basename(osp.dirname(p)) for p in AMP}
    assert {'transkd', 'heteroakd', 'lix', 'bckd'} <= methods


@pytest.mark.parametrize('path', AMP, ids=lambda p: osp.basename(p).split('_')[0])
def test_amp_config_trains_in_bfloat16(path, offline_data, random_teacher_ckpt, tmp_path):
    cfg = run_config(path, offline_data, str(tmp_path), iters=2)
    cfg.model.teacher_ckpt = random_teacher_ckpt(cfg.model.teacher)
    for name in ('val_cfg', 'val_dataloader', 'val_evaluator'):
        cfg[name] = None  # training only
    shrink_crops(cfg.train_dataloader)
    shrink_crops(cfg.model)
    if 'data_preprocessor' in cfg:  # the Runner hands it to the algorithm
        cfg.data_preprocessor.size = CROP
    hetero = 'heteroakd' in osp.basename(path)
    if hetero:
        cfg.custom_hooks[0].warmup_iters = 1  # KD terms on from the second iteration
    runner = Runner.from_cfg(cfg)

    logit_dtypes = []
    runner.model.architecture.decode_head.conv_seg.register_forward_hook(
        lambda module, args, out: logit_dtypes.append(out.dtype) if module.training else None)
    head = runner.model.architecture.decode_head.conv_seg.weight
    head_before = head.detach().clone()
    runner.train()

    wrapper = runner.optim_wrapper
    assert isinstance(wrapper, AmpOptimWrapper) and wrapper.cast_dtype == torch.bfloat16
    assert logit_dtypes == [torch.bfloat16] * 2
    assert wrapper.loss_scaler.get_scale() == 2.0**16  # never lowered: no inf/NaN gradient
    assert not torch.equal(head.detach(), head_before)
    assert tuple(runner.model.data_preprocessor.size) == CROP
    losses = {k: runner.message_hub.get_scalar(k).data[0]
              for k in runner.message_hub.log_scalars if k.startswith('train/') and 'loss' in k}
    assert any(k.startswith('train/distill.') for k in losses)
    for key, history in losses.items():
        assert len(history) == 2 and torch.isfinite(torch.as_tensor(history)).all(), key
    if hetero:
        assert losses['train/distill.loss_hetero'][1] > 0
        assert losses['train/distill.loss_kd'][1] > 0
