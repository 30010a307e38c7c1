"""Gradient norms, ratios and cosines against a hand computation on a toy algorithm."""
import numpy as np
import pytest
import torch
from torch import nn

from mmkd_ext.utils.gradient_scale import (format_table, measure_gradient_scale,
                                           suggest_loss_weights, to_scalars)

W0 = [1.0, -2.0, 0.5]
V0 = [3.0, 1.0]
A, B, C = [0.0, 1.0, 1.0], [1.0, 1.0], [2.0, 0.0, -1.0]


class WeightedQuadratic(nn.Module):
    """``loss_weight * 0.5 * |w - c|^2``."""

    def __init__(self, loss_weight):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, w):
        return self.loss_weight * 0.5 * (w - torch.tensor(C)).square().sum()


class Toy(nn.Module):
    """A fake distillation algorithm: student = backbone w + head v.

    task = 0.5 |w - a|^2 + 0.5 |v - b|^2, distill.loss_q = lambda 0.5 |w - c|^2,
    distill.loss_zero does not reach the student; a BN-like buffer and the RNG
    are touched by the forward, as a real training step does.
    """

    def __init__(self, weight=1.0):
        super().__init__()
        self.student = nn.Module()
        self.student.backbone = nn.Module()
        self.student.backbone.w = nn.Parameter(torch.tensor(W0))
        self.student.head = nn.Module()
        self.student.head.v = nn.Parameter(torch.tensor(V0))
        self.distiller = nn.Module()
        self.distiller.distill_losses = nn.ModuleDict(dict(loss_q=WeightedQuadratic(weight)))
        self.register_buffer('running', torch.zeros(1))
        self.data_preprocessor = lambda data, training: data

    def forward(self, inputs, data_samples=None, mode='loss'):
        self.running += 1
        torch.rand(1)
        w, v = self.student.backbone.w, self.student.head.v
        task = 0.5 * (w - torch.tensor(A)).square().sum()
        return {'student.decode.loss_ce': task,
                'student.aux.loss_ce': [0.5 * (v - torch.tensor(B)).square().sum()],
                'student.decode.acc_seg': torch.tensor(50.0),
                'distill.loss_q': self.distiller.distill_losses['loss_q'](w),
                'distill.loss_zero': inputs.sum() * 0}


def reference(weight):
    w, v = np.array(W0, np.float64), np.array(V0, np.float64)
    gt_w, gt_v = w - np.array(A), v - np.array(B)
    gq_w = weight * (w - np.array(C))
    task_all = np.concatenate([gt_w, gt_v])
    q_all = np.concatenate([gq_w, np.zeros(2)])

    def cos(x, y):
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))
    return dict(
        task=dict(all=np.linalg.norm(task_all), backbone=np.linalg.norm(gt_w),
                  head=np.linalg.norm(gt_v)),
        q=dict(all=np.linalg.norm(q_all), backbone=np.linalg.norm(gq_w), head=0.0),
        cos=dict(all=cos(q_all, task_all), backbone=cos(gq_w, gt_w)))


def test_norms_ratios_and_cosines_match_hand_computation():
    scales = measure_gradient_scale(Toy(weight=3.0), dict(inputs=torch.ones(2)))
    ref = reference(3.0)
    assert [s.key for s in scales] == ['task', 'distill.loss_q', 'distill.loss_zero']
    task, q, zero = scales
    assert task.value == pytest.approx(0.5 * (1 + 9 + 0.25) + 0.5 * (4 + 0))
    for group in ('all', 'backbone', 'head'):
        assert task.norm[group] == pytest.approx(ref['task'][group], rel=1e-6)
        assert q.norm[group] == pytest.approx(ref['q'][group], rel=1e-6, abs=1e-12)
        assert q.ratio[group] == pytest.approx(ref['q'][group] / ref['task'][group], rel=1e-6)
        assert task.ratio[group] == pytest.approx(1.0) and task.cosine[group] == pytest.approx(1)
        assert zero.norm[group] == 0 and zero.ratio[group] == 0
    assert q.cosine['all'] == pytest.approx(ref['cos']['all'], rel=1e-6)
    assert q.cosine['backbone'] == pytest.approx(ref['cos']['backbone'], rel=1e-6)
    assert q.cosine['head'] == 0.0  # no gradient there
    assert q.loss_weight == 3.0 and task.loss_weight is None and zero.loss_weight is None


def test_measurement_leaves_model_and_rng_untouched():
    toy = Toy()
    torch.manual_seed(7)
    expected_next = torch.rand(3)
    torch.manual_seed(7)
    measure_gradient_scale(toy, dict(inputs=torch.ones(2)))
    assert torch.equal(torch.rand(3), expected_next)
    assert toy.running.item() == 0
    assert all(p.grad is None for p in toy.parameters())


def test_ratio_is_linear_in_loss_weight_and_calibration_hits_the_target():
    batch = dict(inputs=torch.ones(2))
    scales = measure_gradient_scale(Toy(weight=1000.0), batch)
    suggested = suggest_loss_weights(scales, {'loss_q': 0.5, 'distill.loss_zero': 1.0})
    assert suggested['distill.loss_zero'] is None  # no gradient to scale
    ratio_at_1 = measure_gradient_scale(Toy(weight=1.0), batch)[1].ratio['all']
    assert scales[1].ratio['all'] == pytest.approx(1000 * ratio_at_1)
    again = measure_gradient_scale(Toy(weight=suggested['distill.loss_q']), batch)
    assert again[1].ratio['all'] == pytest.approx(0.5)
    with pytest.raises(KeyError, match='loss_missing'):
        suggest_loss_weights(scales, {'loss_missing': 1.0})


def test_table_and_scalars_name_every_term_and_group():
    scales = measure_gradient_scale(Toy(), dict(inputs=torch.ones(2)))
    table = format_table(scales)
    assert 'distill.loss_q' in table and 'ratio backbone' in table and 'cos head' in table
    scalars = to_scalars(scales)
    assert scalars['gradscale/distill.loss_q/all/ratio'] == scales[1].ratio['all']
    assert 'gradscale/task/all/norm' in scalars and 'gradscale/task/all/ratio' not in scalars


def test_no_task_loss_is_an_error():
    toy = Toy()
    toy.forward = lambda inputs, data_samples=None, mode='loss': {
        'distill.loss_q': toy.student.backbone.w.sum()}
    with pytest.raises(ValueError, match='no task loss'):
        measure_gradient_scale(toy, dict(inputs=torch.ones(2)))
