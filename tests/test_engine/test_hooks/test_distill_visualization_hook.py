"""DistillVisualizationHook: what each loss records, the drawing, and runs that write images."""
import glob
import json
import os.path as osp

import cv2
import numpy as np
import pytest
import torch
from mmengine.runner import Runner

from conftest import METHODS, run_config
from mmkd_ext.engine import DistillVisualizationHook
from mmkd_ext.engine.hooks.distill_visualization_hook import (GAP, PANEL_HEIGHT, STRIP, bar_panel,
                                                           map_panel, stack)
from mmkd_ext.models.losses import (ARFDLoss, BCKDBoundaryLoss, DWLDLoss, HeteroAKDLoss,
                                    HierarchicalContextLoss)
from mmkd_ext.models.losses.bckd_boundary import bckd_boundary_map


def recorded(loss, samples=1, **inputs):
    """Loss value without and with recording, and the records."""
    plain = loss(**inputs)
    assert loss.pop_vis() == {}  # nothing recorded unless requested
    loss.vis_requested, loss.vis_samples = True, samples
    value = loss(**inputs)
    loss.vis_requested = False
    assert torch.equal(plain, value)  # recording never changes the loss
    records = loss.pop_vis()
    assert loss.vis_maps == {}
    for v in records.values():
        assert torch.isfinite(torch.as_tensor(v)).all()
        assert not isinstance(v, torch.Tensor) or (v.device.type == 'cpu'
                                                   and not v.requires_grad)
    return value, records


def labels(shape, num_classes, seed=0):
    g = torch.Generator().manual_seed(seed)
    y = torch.randint(0, num_classes, shape, generator=g)
    y[:, :2] = 255
    return y


# ----------------------------------------------------------------- recording per loss
@pytest.mark.parametrize('samples', [1, 2])
def test_bckd_records_both_boundary_maps(samples):
    torch.manual_seed(0)
    embed_S = torch.randn(3, 4, 12, 16, requires_grad=True)
    embed_T = torch.randn(3, 4, 12, 16)
    loss = BCKDBoundaryLoss(teacher_input='embedding').eval()
    _, rec = recorded(loss, samples, embed_S=embed_S, embed_T=embed_T)
    assert set(rec) == {'teacher affinity', 'student affinity'}
    assert rec['student affinity'].shape == (samples, 12, 16)
    expected = 1 - bckd_boundary_map(embed_T)[:samples, 0]
    assert torch.allclose(rec['teacher affinity'], expected)


@pytest.mark.parametrize('reliability,target,keys', [
    ('bce', 'kmm', {'KEM weight', 'KMM teacher share', 'KMM teacher share per class'}),
    ('ce', 'kmm', {'KEM weight', 'KMM teacher share'}),
    ('bce', 'teacher', {'KEM weight'}),
])
def test_heteroakd_records_kem_and_kmm(reliability, target, keys):
    torch.manual_seed(0)
    preds_S, preds_T = torch.randn(2, 5, 8, 8), torch.randn(2, 5, 16, 16)
    y = labels((2, 16, 16), 5)
    loss = HeteroAKDLoss(reliability=reliability, target=target)
    _, rec = recorded(loss, preds_S=preds_S, preds_T=preds_T, gt_labels=y)
    assert set(rec) == keys
    kem = rec['KEM weight'][0]
    assert kem.shape == (16, 16)
    valid = y[0] != 255
    assert torch.all(kem[~valid] == 0)
    # spatial KEM: mean weight 1 over the valid pixels of each class channel
    assert kem[valid].mean().item() == pytest.approx(1.0, rel=1e-5)
    if target == 'kmm':
        share = rec['KMM teacher share']
        assert share.shape == (1, 16, 16) and torch.all((share > 0) & (share < 1))
    if 'KMM teacher share per class' in keys:
        per_class = rec['KMM teacher share per class']
        assert per_class.shape == (1, 5) and torch.all((per_class > 0) & (per_class < 1))


def test_dwld_records_beta_over_non_target_logits():
    torch.manual_seed(0)
    preds_S, preds_T = torch.randn(2, 4, 6, 8), torch.randn(2, 4, 6, 8)
    y = labels((2, 6, 8), 4)
    loss = DWLDLoss(num_classes=4, controller=dict(beta_min=1.0, beta_max=10.0))
    _, rec = recorded(loss, preds_S=preds_S, preds_T=preds_T, gt_labels=y)
    beta = loss.controller(preds_S)[0]
    target = torch.where(y[0] == 255, 0, y[0])
    expected = (beta.sum(0) - beta.gather(0, target[None])[0]) / 3
    assert torch.allclose(rec['beta'][0], expected, atol=1e-6)
    assert torch.all((rec['beta'] >= 1) & (rec['beta'] <= 10))
    # a fixed beta (plain DKD) has no map to show
    _, rec = recorded(DWLDLoss(num_classes=4, beta=8.0), preds_S=preds_S, preds_T=preds_T,
                      gt_labels=y)
    assert rec == {}


def test_arfd_records_cka_per_stage_loss():
    torch.manual_seed(0)
    s, t = torch.randn(2, 8, 6, 6), torch.randn(2, 8, 12, 12)
    value, rec = recorded(ARFDLoss(loss_weight=2.0), preds_S=s, preds_T=t)
    assert rec['CKA'] == pytest.approx(1 - value.item() / 2, abs=1e-6)
    _, rec = recorded(ARFDLoss(), preds_S=t, preds_T=t)
    assert rec['CKA'] == pytest.approx(1.0, abs=1e-5)  # identical maps
    value, rec = recorded(ARFDLoss(consistency='cosine'), preds_S=s, preds_T=t)
    assert rec == {'cosine distance': pytest.approx(value.item())}


def test_hcl_records_each_stage_before_its_weight():
    torch.manual_seed(0)
    preds_S = [torch.randn(2, 4, 8, 8), torch.randn(2, 6, 4, 4)]
    preds_T = [torch.randn(2, 4, 8, 8), torch.randn(2, 6, 4, 4)]
    loss = HierarchicalContextLoss(stage_weights=[1.0, 3.0])
    value, rec = recorded(loss, preds_S=preds_S, preds_T=preds_T)
    assert list(rec) == ['stage 1', 'stage 2']
    assert rec['stage 1'] + 3 * rec['stage 2'] == pytest.approx(value.item(), rel=1e-6)
    _, rec = recorded(loss, preds_S=preds_T, preds_T=preds_T)
    assert rec == {'stage 1': 0.0, 'stage 2': 0.0}


# ----------------------------------------------------------------- drawing
def test_panels_are_rgb_and_survive_odd_values():
    panel = map_panel('m', np.linspace(0, 1, 16 * 32).reshape(16, 32))
    assert panel.dtype == np.uint8 and panel.shape[2] == 3
    assert panel.shape[0] >= 128 and panel.shape[1] >= 256  # scaled up, nearest
    assert map_panel('constant', np.ones((4, 4))).shape[0] >= 128
    assert map_panel('nan', np.full((4, 4), np.nan)).dtype == np.uint8
    bars = bar_panel('b', ['a', 'long label', 'c'], [0.5, -1.0, float('nan')])
    assert bars.dtype == np.uint8 and bars.shape[2] == 3
    row = stack([panel, bars], axis=1)
    assert row.shape[0] == max(panel.shape[0], bars.shape[0])
    assert row.shape[1] > panel.shape[1] + bars.shape[1]


def test_bad_arguments_are_explained():
    with pytest.raises(ValueError, match='interval'):
        DistillVisualizationHook(interval=0)
    with pytest.raises(ValueError, match='max_images'):
        DistillVisualizationHook(max_images=0)


# ----------------------------------------------------------------- runner
def vis_run(method, data_root, work_dir, iters=1, interval=1, max_images=1):
    """Train a tiny config with the hook enabled by the documented config line."""
    cfg = run_config(METHODS[method], data_root, work_dir, iters=iters)
    cfg.model.teacher_ckpt = None  # a random teacher is enough to draw its maps
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None  # no validation
    cfg.visualizer.name = work_dir  # a new visualizer (an mmengine singleton per name)
    if method == 'heteroakd':
        cfg.custom_hooks[0].warmup_iters = 0  # KD terms (and their maps) from the start
    cfg.merge_from_dict(dict(default_hooks=dict(distill_vis=dict(
        type='mmrazor.DistillVisualizationHook', interval=interval, max_images=max_images))))
    runner = Runner.from_cfg(cfg)
    runner.train()
    vis_dir = glob.glob(osp.join(work_dir, '*', 'vis_data'))
    assert len(vis_dir) == 1
    images = {osp.basename(p): cv2.imread(p)
              for p in glob.glob(osp.join(vis_dir[0], 'vis_image', '*.png'))}
    with open(osp.join(vis_dir[0], 'scalars.json')) as f:
        scalars = {}
        for line in f:
            scalars.update(json.loads(line))
    losses = runner.model.distiller.distill_losses.values()
    assert not any(getattr(loss, 'vis_requested', False) for loss in losses)
    return images, scalars


@pytest.mark.parametrize('method,images,scalars', [
    ('bckd', {'distill.loss_bd_1.png'}, set()),
    ('heteroakd', {'distill.loss_hetero_1.png'}, set()),
    ('lix', {'distill.loss_dwld_1.png', 'distill.values_1.png'},
     {'distill_vis/loss_arfd_s3.CKA', 'distill_vis/loss_arfd_s4.CKA'}),
    ('transkd', {'distill.values_1.png'},
     {f'distill_vis/loss_hcl.stage_{i}' for i in range(1, 5)}),
])
def test_runner_writes_images(method, images, scalars, offline_data, tmp_path):
    written, logged = vis_run(method, offline_data, str(tmp_path))
    assert set(written) == images
    for image in written.values():
        assert image is not None and image.ndim == 3 and image.std() > 0
    assert scalars <= set(logged)
    assert all(np.isfinite(logged[k]) for k in scalars)


def test_runner_draws_only_due_iterations_and_max_images(offline_data, tmp_path):
    written, _ = vis_run('bckd', offline_data, str(tmp_path), iters=2, interval=2,
                         max_images=2)
    assert set(written) == {'distill.loss_bd_2.png'}
    # BCKD fuses at 1/8 (16x32 maps, drawn at 128x256): two sample rows of two maps
    image = written['distill.loss_bd_2.png']
    assert image.shape[0] == 2 * (STRIP + PANEL_HEIGHT + GAP)
    assert image.shape[1] >= 2 * 2 * PANEL_HEIGHT
