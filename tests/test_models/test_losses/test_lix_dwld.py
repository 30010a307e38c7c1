"""DWLD (LIX Eq. 4, 6-11): pixel DKD against MMRazor and a float64 reference."""
import math

import pytest
import torch
from mmrazor.models.losses import DKDLoss

from mmkd_ext.models.losses import DWLDLoss
from mmengine.logging import MessageHub

from mmkd_ext.models.losses.lix_dwld_controller import DynamicWeightController, entropy_weights


def reference_pixel_dkd(z_s, z_t, labels, alpha, beta, tau, ignore=255):
    """Eq. (2)-(4) written per pixel with python loops, float64."""
    total, count = 0.0, 0
    B, C, H, W = z_s.shape
    for b in range(B):
        for y in range(H):
            for x in range(W):
                k = int(labels[b, y, x])
                if k == ignore:
                    continue
                p_s = torch.softmax(z_s[b, :, y, x] / tau, 0)
                p_t = torch.softmax(z_t[b, :, y, x] / tau, 0)
                bs = [p_s[k], 1 - p_s[k]]
                bt = [p_t[k], 1 - p_t[k]]
                tcld = sum(bt[j] * math.log(bt[j] / bs[j]) for j in range(2))
                others = [i for i in range(C) if i != k]
                q_s = p_s[others] / p_s[others].sum()
                q_t = p_t[others] / p_t[others].sum()
                w = beta[b, others, y, x] if torch.is_tensor(beta) else beta
                # per-logit generalised KL (terms >= 0; sum = KL(q_t || q_s))
                ncld = (w * (q_t * torch.log(q_t / q_s) - q_t + q_s)).sum()
                total += alpha * tcld + ncld
                count += 1
    return tau**2 * total / max(count, 1)


def test_equals_mmrazor_dkd_on_nc_logits():
    torch.manual_seed(0)
    z_s, z_t = torch.randn(32, 7), torch.randn(32, 7)
    labels = torch.randint(0, 7, (32,))
    ours = DWLDLoss(num_classes=7, tau=2.0, alpha=1.5, beta=8.0)(
        z_s[..., None, None], z_t[..., None, None], labels[:, None, None])
    theirs = DKDLoss(tau=2.0, alpha=1.5, beta=8.0)(z_s, z_t, labels)
    assert torch.allclose(ours, theirs, rtol=1e-5)


@pytest.mark.parametrize('tau', [1.0, 3.0])
def test_fixed_beta_matches_reference_with_ignored_pixels(tau):
    torch.manual_seed(1)
    z_s = torch.randn(2, 5, 3, 4, dtype=torch.float64)
    z_t = torch.randn(2, 5, 3, 4, dtype=torch.float64)
    labels = torch.randint(0, 5, (2, 3, 4))
    labels[0, 0, :] = 255
    loss = DWLDLoss(num_classes=5, tau=tau, alpha=0.7, beta=4.0)(z_s, z_t, labels)
    expected = reference_pixel_dkd(z_s, z_t, labels, 0.7, 4.0, tau)
    assert torch.allclose(loss, torch.as_tensor(expected, dtype=torch.float64), rtol=1e-9)


def test_dynamic_weights_match_reference_and_stay_in_range():
    torch.manual_seed(2)
    loss_fn = DWLDLoss(num_classes=4, controller=dict(hidden_channels=8)).double()
    with torch.no_grad():  # spread the controller's output over its range
        loss_fn.controller.mlp[-1].weight.mul_(50)
    z_s = 5 * torch.randn(2, 4, 3, 3, dtype=torch.float64)
    z_t = torch.randn(2, 4, 3, 3, dtype=torch.float64)
    labels = torch.randint(0, 4, (2, 3, 3))
    labels[1, 2, 2] = 255
    beta = loss_fn.nc_weights(z_s, z_t)
    assert beta.shape == z_s.shape
    assert beta.min() >= 1.0 and beta.max() <= 10.0
    assert beta.max() - beta.min() > 1.0
    expected = reference_pixel_dkd(z_s, z_t, labels, 1.0, beta.detach(), 1.0)
    assert torch.allclose(loss_fn(z_s, z_t, labels), torch.as_tensor(expected), rtol=1e-9)


def test_controller_eq7_eq8():
    torch.manual_seed(3)
    dwc = DynamicWeightController(6, hidden_channels=5, beta_min=2.0, beta_max=3.0).double()
    z = torch.randn(1, 6, 2, 2, dtype=torch.float64)
    p = torch.softmax(z, 1)
    omega = torch.cat([p, -(p * p.log()).sum(1, keepdim=True)], 1)
    assert torch.allclose(dwc.omega(z), omega)
    assert len([m for m in dwc.mlp if isinstance(m, torch.nn.Conv2d)]) == 3
    assert not any(isinstance(m, torch.nn.Dropout) for m in dwc.mlp)
    beta = dwc(1e4 * z)  # extreme inputs saturate the sigmoid, still in range
    assert beta.min() >= 2.0 and beta.max() <= 3.0
    assert DynamicWeightController(6, use_entropy=False).mlp[0].in_channels == 6


def test_teacher_omega_and_gradients():
    torch.manual_seed(4)
    loss_fn = DWLDLoss(num_classes=3, omega_source='teacher',
                       controller=dict(hidden_channels=4)).double()
    z_s = torch.randn(1, 3, 2, 2, dtype=torch.float64, requires_grad=True)
    z_t = torch.randn(1, 3, 2, 2, dtype=torch.float64)
    labels = torch.randint(0, 3, (1, 2, 2))
    assert torch.autograd.gradcheck(lambda s: loss_fn(s, z_t, labels), (z_s,))
    loss_fn(z_s, z_t, labels).backward()
    assert loss_fn.controller.mlp[0].weight.grad is not None


def test_identical_logits_and_all_ignored_give_zero():
    z = torch.randn(2, 4, 3, 3)
    labels = torch.randint(0, 4, (2, 3, 3))
    loss_fn = DWLDLoss(num_classes=4)
    assert loss_fn(z, z, labels).abs() < 1e-6
    zero = loss_fn(torch.randn(2, 4, 3, 3), z, torch.full((2, 3, 3), 255))
    assert zero == 0 and not torch.isnan(zero)


def test_labels_resized_and_bad_config():
    loss_fn = DWLDLoss(num_classes=4, beta=2.0)
    out = loss_fn(torch.randn(1, 4, 4, 8), torch.randn(1, 4, 4, 8),
                  torch.randint(0, 4, (1, 16, 32)))
    assert out.ndim == 0 and torch.isfinite(out)
    with pytest.raises(ValueError, match='omega_source'):
        DWLDLoss(num_classes=4, omega_source='both')
    with pytest.raises(ValueError, match='beta_min'):
        DWLDLoss(num_classes=4, controller=dict(beta_min=5, beta_max=1))
    with pytest.raises(ValueError, match='num_classes'):
        loss_fn(torch.randn(1, 3, 2, 2), torch.randn(1, 3, 2, 2), torch.zeros(1, 2, 2).long())


def test_controller_cannot_push_the_loss_below_zero():
    """Trained to minimise the loss, the controller only moves beta within [1, 10];
    every per-logit NCLD term is >= 0, so the loss stays >= 0 (with Eq. 9's plain
    ``q_T log(q_T / q_S)`` terms this run goes down to -0.107)."""
    torch.manual_seed(3)
    z_t = 3 * torch.randn(2, 6, 5, 5)
    z_s = z_t + 0.5 * torch.randn(2, 6, 5, 5)  # a student close to its teacher
    labels = torch.randint(0, 6, (2, 5, 5))
    loss_fn = DWLDLoss(num_classes=6, alpha=0.0, weight_rule='self')
    optimizer = torch.optim.Adam(loss_fn.parameters(), lr=0.1)
    values = []
    for _ in range(60):
        loss = loss_fn(z_s, z_t, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        values.append(loss.item())
    assert min(values) >= 0
    assert values[-1] < values[0]  # it did train (towards beta_min)


def _toy_pixel():
    """One pixel type, 3 classes, target 0: the student ranks class 1 over 2, the
    teacher 2 over 1. NCLD moves z1 down and z2 up by ``lr * (s - t) * b`` with
    ``b = beta_1 (1 - s) + beta_2 s`` (s, t: class 1's non-target share), and the
    CE after that step is lowest where z1 and z2 meet: ``b* = (z1 - z2) / (2 lr (s - t))``."""
    z_s = torch.tensor([2.0, 1.0, -1.0]).view(1, 3, 1, 1).expand(2, 3, 2, 2).contiguous()
    z_t = torch.tensor([2.0, -1.0, 1.0]).view(1, 3, 1, 1).expand(2, 3, 2, 2).contiguous()
    s, t = torch.sigmoid(torch.tensor(2.0)), torch.sigmoid(torch.tensor(-2.0))
    return z_s, z_t, torch.zeros(2, 2, 2, dtype=torch.long), float(s), float(t)


@pytest.mark.parametrize('rule, expect', [('lookahead', 'interior'), ('self', 'beta_min')])
def test_controller_objective_on_a_toy_with_an_interior_optimum(rule, expect):
    torch.manual_seed(0)
    z_s, z_t, labels, s, t = _toy_pixel()
    lr = 0.5
    best = (z_s[0, 1, 0, 0] - z_s[0, 2, 0, 0]).item() / (2 * lr * (s - t))
    assert 1.5 < best < 4.0  # inside [1, 10] and away from the start (~5.5)
    loss_fn = DWLDLoss(num_classes=3, alpha=0.0, weight_rule=rule, lookahead_lr=lr,
                       controller=dict(hidden_channels=8), log_name=None)
    optimizer = torch.optim.Adam(loss_fn.parameters(), lr=0.05)
    for _ in range(300):
        optimizer.zero_grad()
        loss_fn(z_s, z_t, labels).backward()
        optimizer.step()
    beta = loss_fn.nc_weights(z_s, z_t)[0, :, 0, 0].detach()
    b = float(beta[1] * (1 - s) + beta[2] * s)
    if expect == 'interior':
        assert abs(b - best) < 0.1 * best
    else:
        assert b < 1.05  # trained by the loss it weights, the controller collapses


def test_lookahead_leaves_the_student_gradient_and_value_of_dkd():
    torch.manual_seed(5)
    z_s = torch.randn(2, 4, 3, 3, dtype=torch.float64, requires_grad=True)
    z_t = torch.randn(2, 4, 3, 3, dtype=torch.float64)
    labels = torch.randint(0, 4, (2, 3, 3))
    loss_fn = DWLDLoss(num_classes=4, controller=dict(hidden_channels=4),
                       log_name=None).double()
    loss = loss_fn(z_s, z_t, labels)
    loss.backward()
    beta = loss_fn.nc_weights(z_s, z_t).detach()
    expected = reference_pixel_dkd(z_s.detach(), z_t, labels, 1.0, beta, 1.0)
    assert torch.allclose(loss, torch.as_tensor(expected, dtype=torch.float64), rtol=1e-9)
    z_ref = z_s.detach().clone().requires_grad_(True)
    reference = DWLDLoss(num_classes=4, weight_rule='self', controller=dict(hidden_channels=4),
                         log_name=None).double()
    reference.load_state_dict(loss_fn.state_dict())
    reference.controller.requires_grad_(False)
    reference(z_ref, z_t, labels).backward()
    assert torch.allclose(z_s.grad, z_ref.grad, rtol=1e-9)  # the objective is controller-only
    assert loss_fn.controller.mlp[0].weight.grad.abs().sum() > 0


def test_entropy_rule_reference_and_config_check():
    torch.manual_seed(6)
    z = torch.randn(2, 5, 3, 3, dtype=torch.float64)
    p = torch.softmax(z, 1)
    h = -(p * p.log()).sum(1, keepdim=True)
    assert torch.allclose(entropy_weights(z, 2.0, 6.0), 2.0 + 4.0 * h / math.log(5))
    loss_fn = DWLDLoss(num_classes=5, weight_rule='entropy',
                       controller=dict(beta_min=2.0, beta_max=6.0), log_name=None)
    assert loss_fn.controller is None and not list(loss_fn.parameters())
    labels = torch.randint(0, 5, (2, 3, 3))
    beta = entropy_weights(z, 2.0, 6.0).expand_as(z)
    expected = reference_pixel_dkd(z, z.flip(0), labels, 1.0, beta, 1.0)
    assert torch.allclose(loss_fn(z, z.flip(0), labels),
                          torch.as_tensor(expected, dtype=torch.float64), rtol=1e-9)
    with pytest.raises(ValueError, match='hidden_channels'):
        DWLDLoss(num_classes=5, weight_rule='entropy', controller=dict(hidden_channels=4))
    with pytest.raises(ValueError, match="weight_rule='meta'"):
        DWLDLoss(num_classes=5, weight_rule='meta')


def test_split_on_the_label_grid():
    """'labels' upsamples the logits to the labels (as mmseg's CE does): a 1-px pole
    decides its own pixels; on the 1/8 grid its cells take the background label."""
    torch.manual_seed(7)
    z_s = torch.randn(1, 3, 2, 4, dtype=torch.float64)
    z_t = torch.randn(1, 3, 2, 4, dtype=torch.float64)
    labels = torch.zeros(1, 16, 32, dtype=torch.long)
    labels[:, :, 3] = 2  # a pole one pixel wide
    up_s = torch.nn.functional.interpolate(z_s, (16, 32), mode='bilinear',
                                           align_corners=False)
    up_t = torch.nn.functional.interpolate(z_t, (16, 32), mode='bilinear',
                                           align_corners=False)
    fine = DWLDLoss(num_classes=3, beta=3.0)(z_s, z_t, labels)
    expected = DWLDLoss(num_classes=3, beta=3.0)(up_s, up_t, labels)
    assert torch.allclose(fine, expected, rtol=1e-12)
    # dynamic weights come from the logits' own grid, upsampled with the logits
    dynamic = DWLDLoss(num_classes=3, controller=dict(hidden_channels=4),
                       log_name=None).double().eval()
    beta = torch.nn.functional.interpolate(dynamic.nc_weights(z_s, z_t), (16, 32),
                                           mode='bilinear', align_corners=False).detach()
    expected = reference_pixel_dkd(up_s, up_t, labels, 1.0, beta, 1.0)
    assert torch.allclose(dynamic(z_s, z_t, labels), torch.as_tensor(expected), rtol=1e-9)
    coarse = DWLDLoss(num_classes=3, beta=3.0, split_grid='logits')
    no_pole = coarse(z_s, z_t, torch.zeros_like(labels))
    assert torch.allclose(coarse(z_s, z_t, labels), no_pole)  # majority drops the pole
    with pytest.raises(ValueError, match="split_grid='grid'"):
        DWLDLoss(num_classes=3, split_grid='grid')


def test_beta_statistics_are_logged_in_training():
    torch.manual_seed(8)
    loss_fn = DWLDLoss(num_classes=4, controller=dict(hidden_channels=4),
                       log_name='beta_test')
    z_s, z_t = torch.randn(2, 4, 3, 3), torch.randn(2, 4, 3, 3)
    labels = torch.randint(0, 4, (2, 3, 3))
    loss_fn(z_s, z_t, labels)
    hub = MessageHub.get_current_instance()
    stats = {k: hub.get_scalar(f'train/beta_test_{k}').current() for k in ('mean', 'p05', 'p95')}
    beta = loss_fn.nc_weights(z_s, z_t).detach()
    non_target = beta[torch.ones_like(beta, dtype=torch.bool).scatter_(1, labels[:, None], False)]
    assert stats['mean'] == pytest.approx(float(non_target.mean()), rel=1e-5)
    assert 1.0 <= stats['p05'] <= stats['mean'] <= stats['p95'] <= 10.0
