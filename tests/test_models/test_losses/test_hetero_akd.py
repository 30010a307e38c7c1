"""HeteroAKD: reliability, KMM, KEM and the loss against a float64 reference."""
import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models.losses import (HeteroAKDLoss, MaskedPixelKLDivergence,
                                    ResizedChannelWiseDivergence)
from mmkd_ext.models.losses.hetero_akd import spatial_kl_map
from mmkd_ext.models.losses.hetero_akd_kem import knowledge_evaluation
from mmkd_ext.models.losses.hetero_akd_kmm import knowledge_mixing
from mmkd_ext.models.losses.hetero_akd_reliability import label_reliability
from mmkd_ext.models.utils import labels_to_grid

IGNORE = 255


# ----------------------------------------------------------------- reference
def ref_reliability(z, y, mode):
    """H from the definitions, with explicit sigmoid/softmax formulas."""
    K = z.shape[1]
    onehot = torch.stack([(y == k) for k in range(K)], 1).double()
    valid = (y != IGNORE)[:, None].double()
    if mode == 'bce':
        p = 1 / (1 + torch.exp(-z))
        return -(onehot * torch.log(p) + (1 - onehot) * torch.log(1 - p)) * valid
    logp = z - torch.log(torch.exp(z).sum(1, keepdim=True))
    return -(onehot * logp).sum(1, keepdim=True) * valid


def ref_loss(zs, zt, y, mode='bce', T=1.0, eps=1e-6, kem='spatial', target='kmm',
             reduction='mean', divergence='pixel'):
    """HeteroAKD on one grid, written from the equations with loops over images; 'bce'
    terms averaged (or summed) over the K classes; 'channel': a softmax over the valid
    pixels of each (image, class), weighted generalised-KL terms summed over pixels,
    averaged over images."""
    valid = (y != IGNORE)[:, None]
    zs_const = zs.detach()  # target and weights are stop-gradient (paper: detached)
    hs, ht = ref_reliability(zs_const, y, mode), ref_reliability(zt, y, mode)
    if target == 'kmm':
        wt = (hs + eps) / (ht + hs + 2 * eps)
        zh = wt * zt + (1 - wt) * zs_const
    else:
        zh = zt
    hh = ref_reliability(zh, y, mode)
    imp = hs + torch.clamp(hs - hh, min=0)
    W = torch.zeros_like(imp)
    for b in range(imp.shape[0]):
        for c in range(imp.shape[1]):
            m = valid[b, 0]
            if kem == 'spatial' and m.any():
                e = torch.exp(imp[b, c][m])
                W[b, c][m] = e / e.sum() * m.sum()
            elif kem == 'none':
                W[b, c][m] = 1.0
    if kem == 'class':
        W = torch.exp(imp) / torch.exp(imp).sum(1, keepdim=True) * imp.shape[1] * valid
    if divergence == 'channel':
        total = zs.new_zeros(())
        for b in range(zs.shape[0]):
            m = valid[b, 0]
            for c in range(zs.shape[1]):
                p = torch.softmax(zh[b, c][m] / T, 0)
                q = torch.softmax(zs[b, c][m] / T, 0)
                w = W[b, c][m] if W.shape[1] > 1 else W[b, 0][m]
                total = total + T**2 * (w * (p * torch.log(p / q) - p + q)).sum()
        classes = zs.shape[1] if reduction == 'mean' else 1
        return total / zs.shape[0] / classes
    if mode == 'bce':
        p, q = 1 / (1 + torch.exp(-zh / T)), 1 / (1 + torch.exp(-zs / T))
        D = T**2 * (p * torch.log(p / q) + (1 - p) * torch.log((1 - p) / (1 - q)))
    else:
        p, q = torch.softmax(zh / T, 1), torch.softmax(zs / T, 1)
        D = T**2 * (p * torch.log(p / q)).sum(1, keepdim=True)
    classes = zs.shape[1] if mode == 'bce' and reduction == 'mean' else 1
    return (W * D * valid).sum() / valid.sum() / classes


def inputs(B=2, K=5, H=6, W=7, seed=0, ignore_frac=0.2):
    g = torch.Generator().manual_seed(seed)
    zs = torch.randn(B, K, H, W, generator=g, dtype=torch.float64) * 2
    zt = torch.randn(B, K, H, W, generator=g, dtype=torch.float64) * 2
    y = torch.randint(0, K, (B, H, W), generator=g)
    y[torch.rand(B, H, W, generator=g) < ignore_frac] = IGNORE
    return zs, zt, y


# ----------------------------------------------------------------- reliability
@pytest.mark.parametrize('mode', ['bce', 'ce'])
def test_reliability_matches_reference(mode):
    zs, _, y = inputs(seed=1)
    h = label_reliability(zs, y, mode)
    assert h.shape == ((2, 5, 6, 7) if mode == 'bce' else (2, 1, 6, 7))
    assert torch.allclose(h, ref_reliability(zs, y, mode), rtol=1e-10, atol=1e-12)


def test_reliability_rejects_bad_mode_and_grid():
    zs, _, y = inputs()
    with pytest.raises(ValueError, match='reliability'):
        label_reliability(zs, y, 'mse')
    with pytest.raises(ValueError, match='grid'):
        label_reliability(zs, y[:, :3], 'bce')


# ----------------------------------------------------------------- KMM
@pytest.mark.parametrize('mode', ['bce', 'ce'])
def test_kmm_perfect_teacher_gives_teacher(mode):
    zs, _, y = inputs(ignore_frac=0.0)
    onehot = F.one_hot(y, 5).permute(0, 3, 1, 2).double()
    zt = 60 * (2 * onehot - 1)  # H_T ~ 1e-26
    hyb, wt = knowledge_mixing(zt, zs, label_reliability(zt, y, mode),
                               label_reliability(zs, y, mode), eps=1e-20)
    assert torch.allclose(wt, torch.ones_like(wt), atol=1e-12)
    assert torch.allclose(hyb, zt, atol=1e-9)


def test_kmm_equal_reliability_and_perfect_pair_give_half():
    zs, _, y = inputs()
    h = label_reliability(zs, y, 'bce')
    _, wt = knowledge_mixing(zs, zs, h, h)
    assert torch.allclose(wt, torch.full_like(wt, 0.5), rtol=1e-12)
    zero = torch.zeros_like(h)  # both perfect: 0/0 guarded by eps
    _, wt0 = knowledge_mixing(zs, zs, zero, zero)
    assert torch.equal(wt0, torch.full_like(wt0, 0.5))


def test_kmm_student_better_on_a_class_grows_its_share():
    """Class 2: the student gets more and more confident; its share (1 - w_T) grows there."""
    _, zt, y = inputs(ignore_frac=0.0)
    onehot = F.one_hot(y, 5).permute(0, 3, 1, 2).double()
    ht = label_reliability(zt, y, 'bce')
    shares = []
    for conf in (0.5, 2.0, 6.0):
        zs = zt.clone()
        zs[:, 2] = conf * (2 * onehot[:, 2] - 1)  # student's class-2 channel right
        _, wt = knowledge_mixing(zt, zs, ht, label_reliability(zs, y, 'bce'))
        shares.append((1 - wt[:, 2]).mean().item())
        others = wt[:, [0, 1, 3, 4]]  # identical logits elsewhere: equal shares
        assert torch.allclose(others, torch.full_like(others, 0.5))
    assert shares[0] < shares[1] < shares[2] and shares[2] > 0.5


def test_kmm_output_is_detached_and_eps_checked():
    zs, zt, y = inputs()
    zs.requires_grad_(True)
    hyb, wt = knowledge_mixing(zt, zs, label_reliability(zt, y, 'bce'),
                               label_reliability(zs, y, 'bce'))
    assert not hyb.requires_grad and not wt.requires_grad
    with pytest.raises(ValueError, match='kmm_eps'):
        knowledge_mixing(zt, zs, zt, zs, eps=0)


# ----------------------------------------------------------------- KEM
def test_kem_spatial_weights_mean_one_zero_on_ignore():
    zs, zt, y = inputs(seed=3)
    hs, hh = label_reliability(zs, y, 'bce'), label_reliability(zt, y, 'bce')
    valid = (y != IGNORE)[:, None]
    w = knowledge_evaluation(hs, hh, valid, 'spatial')
    assert torch.all(w[~valid.expand_as(w)] == 0)
    per_map = w.sum((2, 3)) / valid.sum((2, 3))
    assert torch.allclose(per_map, torch.ones_like(per_map), rtol=1e-12)
    # a uniform gap to the hybrid does not move spatial weights; a local gap raises that one
    no_gap = knowledge_evaluation(hs, hs + 1.0, valid, 'spatial')
    assert torch.allclose(knowledge_evaluation(hs, hs - 1.0, valid, 'spatial'), no_gap)
    b, c, i, j = torch.nonzero(valid.expand_as(hs))[0].tolist()
    hh_local = hs + 1.0
    hh_local[b, c, i, j] = hs[b, c, i, j] - 2.0
    local = knowledge_evaluation(hs, hh_local, valid, 'spatial')
    assert local[b, c, i, j] > no_gap[b, c, i, j]


def test_kem_class_and_none():
    zs, zt, y = inputs(seed=4)
    hs, hh = label_reliability(zs, y, 'bce'), label_reliability(zt, y, 'bce')
    valid = (y != IGNORE)[:, None]
    wc = knowledge_evaluation(hs, hh, valid, 'class')
    expected = torch.where(valid, torch.full_like(wc[:, :1], 5.0), 0.0)
    assert torch.allclose(wc.sum(1, keepdim=True), expected, rtol=1e-12)
    wn = knowledge_evaluation(hs, hh, valid, 'none')
    assert torch.equal(wn, valid.expand_as(hs).double())
    with pytest.raises(ValueError, match='kem_norm'):
        knowledge_evaluation(hs, hh, valid, 'pixel')


# ----------------------------------------------------------------- loss
@pytest.mark.parametrize('cfg', [
    dict(mode='bce'),
    dict(mode='ce'),
    dict(mode='bce', T=2.0, kem='class'),
    dict(mode='ce', T=4.0, kem='none'),
    dict(mode='bce', target='teacher'),
    dict(mode='bce', reduction='sum'),
    dict(mode='bce', divergence='channel', T=4.0),
    dict(mode='ce', divergence='channel', T=2.0),
    dict(mode='bce', divergence='channel', kem='class', reduction='sum'),
])
def test_loss_matches_reference(cfg):
    zs, zt, y = inputs(seed=5)
    loss = HeteroAKDLoss(reliability=cfg['mode'], tau=cfg.get('T', 1.0),
                         kem_norm=cfg.get('kem', 'spatial'),
                         target=cfg.get('target', 'kmm'), loss_weight=0.7,
                         class_reduction=cfg.get('reduction', 'mean'),
                         divergence=cfg.get('divergence', 'pixel'))
    expected = 0.7 * ref_loss(zs, zt, y, cfg['mode'], cfg.get('T', 1.0),
                              kem=cfg.get('kem', 'spatial'), target=cfg.get('target', 'kmm'),
                              reduction=cfg.get('reduction', 'mean'),
                              divergence=cfg.get('divergence', 'pixel'))
    assert torch.allclose(loss(zs, zt, y), expected, rtol=1e-10)


def test_channel_divergence_without_kmm_and_kem_is_cwd():
    """divergence='channel' with the teacher as target, KEM off, no ignored pixel: CWD."""
    zs, zt, y = inputs(seed=13, ignore_frac=0.0)
    plain = HeteroAKDLoss(target='teacher', kem_norm='none', tau=2.0, divergence='channel')
    assert torch.allclose(plain(zs, zt, y), ResizedChannelWiseDivergence(tau=2.0)(zs, zt),
                          rtol=1e-12)


def test_channel_divergence_is_non_negative_and_zero_at_the_target():
    """Per-pixel KEM weights must not let the student push the loss below 0: the weighted
    plain summands p_T log(p_T / p_S) would reach -0.1 here."""
    g = torch.Generator().manual_seed(15)
    zt = torch.randn(1, 1, 2, 2, generator=g, dtype=torch.float64)
    p_T = torch.softmax(zt.flatten(), 0).view_as(zt)
    weight = torch.tensor([[[[20.0, 0.1], [0.1, 0.1]]]], dtype=torch.float64)
    zs = torch.log(weight * p_T)  # the minimiser of the weighted plain summands
    valid = torch.ones(1, 1, 2, 2, dtype=torch.bool)
    plain = (p_T * (torch.log(p_T) - torch.log_softmax(zs.flatten(), 0).view_as(zs)))
    assert (weight * plain).sum() < -0.1
    assert (weight * spatial_kl_map(zs, zt, 1.0, valid)).sum() > 0
    assert torch.all(spatial_kl_map(zs, zt, 1.0, valid) >= 0)
    zs, zt, y = inputs(seed=16)
    loss = HeteroAKDLoss(divergence='channel', tau=4.0)
    assert loss(zs, zt, y) > 0
    same = HeteroAKDLoss(divergence='channel', target='teacher')
    assert same(zt, zt, y).abs() < 1e-12


def test_channel_divergence_leaves_ignored_pixels_out():
    """The values of ignored pixels change nothing (they are outside both softmaxes)."""
    zs, zt, y = inputs(seed=14)
    loss = HeteroAKDLoss(divergence='channel', tau=4.0)
    ignored = (y == IGNORE)[:, None].expand_as(zs)
    moved = torch.where(ignored, zs + 50.0, zs), torch.where(ignored, zt - 50.0, zt)
    assert torch.allclose(loss(zs, zt, y), loss(*moved, y), rtol=1e-12)


def test_loss_without_kmm_and_kem_is_pixel_kd():
    """target='teacher', kem_norm='none', 'ce' reduces to masked pixel KD."""
    zs, zt, y = inputs(seed=6)
    plain = HeteroAKDLoss(reliability='ce', target='teacher', kem_norm='none', tau=3.0)
    assert torch.allclose(plain(zs, zt, y), MaskedPixelKLDivergence(tau=3.0)(zs, zt, y),
                          rtol=1e-12)


@pytest.mark.parametrize('grid,expect', [('finer', (8, 12)), ('student', (4, 6)),
                                         ('teacher', (8, 12))])
def test_loss_aligns_grids(grid, expect):
    zs, _, _ = inputs(H=4, W=6, seed=7, ignore_frac=0.0)
    _, zt, y = inputs(H=8, W=12, seed=8, ignore_frac=0.0)
    labels = y.repeat_interleave(2, 1).repeat_interleave(2, 2)  # labels at 2x the finest
    s = zs if expect == (4, 6) else F.interpolate(zs, size=expect, mode='bilinear')
    t = zt if expect == (8, 12) else F.interpolate(zt, size=expect, mode='bilinear')
    y_grid = labels_to_grid(labels, expect)  # majority of each cell (tested on its own)
    got = HeteroAKDLoss(grid=grid)(zs, zt, labels)
    assert torch.allclose(got, ref_loss(s, t, y_grid), rtol=1e-10)


@pytest.mark.parametrize('mode,divergence', [('bce', 'pixel'), ('ce', 'pixel'),
                                             ('bce', 'channel')])
def test_gradcheck_of_divergence_path(mode, divergence):
    """KMM/KEM off (they only act through detached tensors): D and the grid resize."""
    zs, _, _ = inputs(B=1, K=3, H=3, W=4, seed=9)
    _, zt, y = inputs(B=1, K=3, H=6, W=8, seed=10)
    zs.requires_grad_(True)
    loss = HeteroAKDLoss(reliability=mode, tau=2.0, target='teacher', kem_norm='none',
                         divergence=divergence)
    assert torch.autograd.gradcheck(lambda s: loss(s, zt, y), (zs, ))


@pytest.mark.parametrize('mode,divergence', [('bce', 'pixel'), ('ce', 'pixel'),
                                             ('bce', 'channel')])
def test_gradient_matches_reference_with_stop_gradients(mode, divergence):
    zs, zt, y = inputs(seed=12)
    zs.requires_grad_(True)
    loss = HeteroAKDLoss(reliability=mode, tau=2.0, divergence=divergence)
    (g, ) = torch.autograd.grad(loss(zs, zt, y), zs)
    (g_ref, ) = torch.autograd.grad(ref_loss(zs, zt, y, mode, 2.0, divergence=divergence), zs)
    assert torch.allclose(g, g_ref, rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize('mode,divergence', [('bce', 'pixel'), ('ce', 'pixel'),
                                             ('bce', 'channel')])
def test_all_ignore_is_exactly_zero(mode, divergence):
    zs, zt, y = inputs()
    zs = zs.float().requires_grad_(True)
    loss = HeteroAKDLoss(reliability=mode, divergence=divergence)
    out = loss(zs, zt.float(), torch.full_like(y, IGNORE))
    out.backward()
    assert out.item() == 0.0 and torch.isfinite(zs.grad).all() and zs.grad.abs().sum() == 0


@pytest.mark.parametrize('divergence', ['pixel', 'channel'])
@pytest.mark.parametrize('dtype', [torch.float16, torch.bfloat16])
def test_low_precision_inputs_stay_finite(dtype, divergence):
    zs, zt, y = inputs(seed=10)
    zs, zt = (zs * 8).to(dtype).requires_grad_(True), (zt * 8).to(dtype)
    loss = HeteroAKDLoss(divergence=divergence)
    out = loss(zs, zt, y)
    out.backward()
    assert out.dtype == torch.float32 and torch.isfinite(out)
    assert torch.isfinite(zs.grad).all()
    assert torch.allclose(out, loss(zs.double(), zt.double(), y).float(), rtol=1e-4)


def test_no_gradient_into_teacher():
    zs, zt, y = inputs(seed=11)
    zs.requires_grad_(True)
    zt.requires_grad_(True)
    HeteroAKDLoss()(zs, zt, y).backward()
    assert zt.grad is None and zs.grad is not None


@pytest.mark.parametrize('kwargs,key', [
    (dict(reliability='focal'), 'reliability'), (dict(kem_norm='pixel'), 'kem_norm'),
    (dict(reliability='ce', kem_norm='class'), 'kem_norm'), (dict(tau=0), 'tau'),
    (dict(grid='label'), 'grid'), (dict(target='student'), 'target'),
    (dict(kmm_eps=-1.0), 'kmm_eps'), (dict(kem_tau=0.0), 'kem_tau'),
    (dict(divergence='spatial'), 'divergence')])
def test_bad_config_names_the_key(kwargs, key):
    with pytest.raises(ValueError, match=key):
        HeteroAKDLoss(**kwargs)


def test_class_mismatch_is_explained():
    zs, zt, y = inputs()
    with pytest.raises(ValueError, match='num_classes'):
        HeteroAKDLoss()(zs, zt[:, :3], y)
