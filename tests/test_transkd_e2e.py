"""TransKD through the whole stack: recorders, connectors, losses, algorithm, Runner."""
import math
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import CONFIGS, TINY, build_model, fake_batch, run_config

TINY_TRANSKD = {
    v: f'{CONFIGS}/transkd/transkd-{v}_mit-w32-tiny_mit-w16-tiny_1xb8-300_offline-street-128x256.py'
    for v in ('base', 'gl', 'ea')}
PAPER = f'{CONFIGS}/transkd/transkd-{{}}_{{}}_1xb2-1488k_cityscapes-512x1024.py'


def build_tiny(variant):
    cfg = Config.fromfile(TINY_TRANSKD[variant])
    cfg.model.teacher_ckpt = None
    return build_model(cfg.model)


@pytest.mark.parametrize('variant', ['base', 'gl', 'ea'])
def test_gradients_reach_student_and_connectors_only(variant):
    torch.manual_seed(0)
    model = build_tiny(variant).train()
    calls = []
    model.distiller.connectors['csf'].register_forward_hook(lambda *a: calls.append(1))
    data = model.data_preprocessor(fake_batch(2), True)
    losses = model(**data, mode='loss')
    distill = {k: v for k, v in losses.items() if k.startswith('distill.')}
    assert sorted(distill) == ['distill.loss_embed1', 'distill.loss_embed2',
                               'distill.loss_embed3', 'distill.loss_embed4', 'distill.loss_hcl']
    assert calls == [1]  # the CSF chain runs once per step for all four stages
    teacher_stages = model.distiller.teacher_recorders.get_recorder('stages').get_record_data()
    assert not any(t.requires_grad for t in teacher_stages)  # no teacher graph kept
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert all(p.grad is None for p in model.teacher.parameters())
    for name, p in model.distiller.connectors.named_parameters():
        assert p.grad is not None and torch.isfinite(p.grad).all(), name
    assert model.student.backbone.layers[0][0].projection.weight.grad.abs().sum() > 0


def test_distill_losses_reach_the_student_backbone_alone():
    """Without the task loss, only the distillation terms move the student."""
    model = build_tiny('base').train()
    data = model.data_preprocessor(fake_batch(2), True)
    losses = model(**data, mode='loss')
    sum(v for k, v in losses.items() if k.startswith('distill.')).backward()
    assert model.student.backbone.layers[3][0].projection.weight.grad.abs().sum() > 0
    assert model.student.decode_head.conv_seg.weight.grad is None


@pytest.mark.parametrize('pair,variant', [('mit-b2_mit-b0', 'ea'),
                                          ('pvtv2-b2_pvtv2-b0', 'base')])
def test_paper_pairs_shapes_with_real_backbones(pair, variant):
    cfg = Config.fromfile(PAPER.format(variant, pair))
    cfg.model.teacher_ckpt = None
    model = build_model(cfg.model).train()
    data = model.data_preprocessor(fake_batch(2, 19, (64, 128)), True)
    losses = model(**data, mode='loss')
    s = model.distiller.student_recorders.get_recorder('stages').get_record_data()
    t = model.distiller.teacher_recorders.get_recorder('stages').get_record_data()
    assert [x.shape[1] for x in s] == [32, 64, 160, 256]
    assert [x.shape[1] for x in t] == [64, 128, 320, 512]
    assert [x.shape[-2:] for x in s] == [x.shape[-2:] for x in t]
    assert all(math.isfinite(v.item()) for k, v in losses.items() if k.startswith('distill.'))


@pytest.mark.parametrize('variant', ['base', 'gl', 'ea'])
def test_tiny_transkd_trains_with_runner(variant, offline_data, random_teacher_ckpt, tmp_path):
    cfg = run_config(TINY_TRANSKD[variant], offline_data, str(tmp_path), iters=2)
    cfg.model.teacher_ckpt = random_teacher_ckpt(Config.fromfile(TINY['mit_teacher']).model)
    runner = Runner.from_cfg(cfg)
    before = runner.model.distiller.connectors['csf'].out_convs[0].conv.weight.detach().clone()
    runner.train()
    hcl = runner.message_hub.get_scalar('train/distill.loss_hcl').current()
    assert math.isfinite(hcl) and hcl > 0
    after = runner.model.distiller.connectors['csf'].out_convs[0].conv.weight
    assert not torch.equal(before, after)
    assert osp.exists(osp.join(str(tmp_path), 'iter_2.pth'))
