"""HeteroAKD end to end: heterogeneous tiny pairs (CNN <-> MiT) on the offline data."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.runner import Runner

from conftest import CONFIGS, TINY, build_model, fake_batch, run_config

HETERO = sorted(glob.glob(osp.join(CONFIGS, 'heteroakd', 'heteroakd_*tiny*.py')))
BASELINES = sorted(glob.glob(osp.join(CONFIGS, 'heteroakd', 'baselines', '*tiny*.py')))


def teacher_key(path):
    return 'cnn_teacher' if 'deeplabv3-r18w32' in osp.basename(path) else 'mit_teacher'


@pytest.fixture
def teacher_ckpts(random_teacher_ckpt):
    """Random tiny teachers saved as plain checkpoints."""
    return {key: random_teacher_ckpt(Config.fromfile(TINY[key]).model)
            for key in ('cnn_teacher', 'mit_teacher')}


def test_both_directions_are_shipped():
    names = [osp.basename(p) for p in HETERO]
    assert any(n.startswith('heteroakd_deeplabv3') and 'segformer' in n for n in names)
    assert any(n.startswith('heteroakd_segformer') and 'pspnet' in n for n in names)
    pairs = {osp.basename(p).split('_', 1)[1] for p in HETERO}
    baselines = {osp.basename(p) for p in BASELINES}
    # every baseline distils a pair that has its HeteroAKD config; both directions have KD
    # and CWD baselines
    assert {n.split('_', 1)[1] for n in baselines} <= pairs
    for direction in ('deeplabv3-r18w32-tiny_segformer-mitw16', 'segformer-mitw32-tiny_pspnet'):
        assert {n.split('_', 1)[0] for n in baselines if direction in n} == {'kd', 'cwd'}


def test_gradients_reach_student_and_projectors_never_the_teacher():
    cfg = Config.fromfile(HETERO[0])
    cfg.model.teacher_ckpt = None
    model = build_model(cfg.model)
    model.train()
    batch = model.data_preprocessor(fake_batch(2), True)
    losses = model.loss(batch['inputs'], batch['data_samples'])
    assert {'distill.loss_hetero', 'distill.loss_kd', 'distill.loss_proj_S',
            'distill.loss_proj_T'} <= set(losses)
    connectors = model.distiller.connectors
    # the hybrid target is detached: the KD term alone trains neither projector
    # on the teacher side nor anything of the teacher
    losses['distill.loss_hetero'].backward(retain_graph=True)
    assert all(p.grad is None for p in connectors['proj_T'].parameters())
    assert connectors['proj_S'].proj.conv.weight.grad is not None
    # the tiny CNN -> MiT config projects the student's stage 2 (1/8): gradient reaches it
    # and the stages below, not the deeper ones
    assert cfg.model.distiller.loss_forward_mappings.loss_hetero.preds_S.data_idx == 1
    assert model.student.backbone.layers[1][0].projection.weight.grad is not None
    assert model.student.backbone.layers[3][0].projection.weight.grad is None
    # GT supervision trains the teacher-side projector; the teacher stays frozen
    losses['distill.loss_proj_T'].backward()
    assert connectors['proj_T'].proj.conv.weight.grad.abs().sum() > 0
    assert all(p.grad is None and not p.requires_grad for p in model.teacher.parameters())


@pytest.mark.parametrize('path', HETERO, ids=lambda p: osp.basename(p).split('_')[1])
def test_runner_warmup_switches_kd_terms_on(path, offline_data, teacher_ckpts, tmp_path):
    cfg = run_config(path, offline_data, str(tmp_path), iters=2)
    cfg.model.teacher_ckpt = teacher_ckpts[teacher_key(path)]
    cfg.custom_hooks[0].warmup_iters = 1
    runner = Runner.from_cfg(cfg)
    teacher_before = {k: v.clone() for k, v in runner.model.teacher.state_dict().items()}
    proj_T_before = runner.model.distiller.connectors['proj_T'].proj.conv.weight.clone()
    runner.train()

    def history(key):
        return runner.message_hub.get_scalar(f'train/{key}').data[0].tolist()

    hetero, kd = history('distill.loss_hetero'), history('distill.loss_kd')
    assert hetero[0] == 0.0 and kd[0] == 0.0  # warm-up: GT only
    assert hetero[1] > 0 and kd[1] > 0  # then the KD terms are on
    assert all(v > 0 for v in history('distill.loss_proj_T'))
    for k, v in runner.model.teacher.state_dict().items():
        assert torch.equal(v, teacher_before[k]), k
    assert not torch.equal(runner.model.distiller.connectors['proj_T'].proj.conv.weight,
                           proj_T_before)
    metrics = runner.message_hub.get_scalar('val/mIoU').current()
    assert 0.0 <= metrics <= 100.0
