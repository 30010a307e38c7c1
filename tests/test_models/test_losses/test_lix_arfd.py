"""ARFD (LIX Eq. 12-17): kernels, CKA against a reference, loss options."""
import pytest
import torch

from mmkd_ext.models.connectors import ARFDAligner
from mmkd_ext.models.losses import ARFDLoss
from mmkd_ext.models.losses.lix_arfd import (gaussian_kernel, laplace_kernel, pixel_cka,
                                         linear_kernel)
from mmkd_ext.models.losses.lix_cka import feature_cka, gram_cka


def reference_cka(x, y):
    """Kornblith et al. linear CKA with explicit centring matrix H, float64."""
    n = x.shape[0]
    h = torch.eye(n, dtype=x.dtype) - torch.ones(n, n, dtype=x.dtype) / n
    k, m = x @ x.T, y @ y.T

    def hsic(a, b):
        return torch.trace(a @ h @ b @ h) / (n - 1)**2
    return hsic(k, m) / torch.sqrt(hsic(k, k) * hsic(m, m))


def test_cka_matches_reference_and_limits():
    torch.manual_seed(0)
    a = torch.randn(3, 6, 20, dtype=torch.float64)
    b = torch.randn(3, 6, 11, dtype=torch.float64)
    expected = torch.stack([reference_cka(a[i], b[i]) for i in range(3)])
    assert torch.allclose(gram_cka(a, b), expected, rtol=1e-10)
    assert torch.allclose(gram_cka(a, a), torch.ones(3, dtype=torch.float64))
    assert torch.allclose(gram_cka(1e-3 * a, 7.0 * b), expected, rtol=1e-10)


def test_cka_eq15_terms():
    """Eq. (15)'s three terms with the standard 1/n coefficient on the cross term."""
    torch.manual_seed(1)
    x, y = torch.randn(5, 9, dtype=torch.float64), torch.randn(5, 9, dtype=torch.float64)
    t, s, one = x @ x.T, y @ y.T, torch.ones(5, 1, dtype=torch.float64)
    n = 5

    def hsic(s, t):
        return (torch.trace(s @ t) + (one.T @ s @ one) * (one.T @ t @ one) / n**2
                - 2 / n * one.T @ s @ t @ one).squeeze() / (n - 1)**2
    expected = hsic(t, s) / torch.sqrt(hsic(t, t) * hsic(s, s))
    assert torch.allclose(gram_cka(x[None], y[None])[0], expected, rtol=1e-10)


def test_kernels_match_formulas():
    torch.manual_seed(2)
    f = torch.randn(2, 4, 10, dtype=torch.float64)
    for i in range(2):
        d = f[i] - f[i].mean()
        sigma = torch.sqrt(((d**2 - (d**2).mean())**2).mean())
        assert torch.allclose(laplace_kernel(f)[i], torch.exp(-d**2 / sigma))
        var = (d**2).mean()
        assert torch.allclose(gaussian_kernel(f)[i], torch.exp(-d**2 / (2 * var)))
        assert torch.allclose(linear_kernel(f)[i], d / var.sqrt())


@pytest.mark.parametrize('kernel', ['laplace', 'gaussian', 'linear', 'none'])
@pytest.mark.parametrize('consistency', ['cka', 'cosine', 'pearson', 'euclidean'])
def test_grid_identical_features_zero_and_finite(kernel, consistency):
    torch.manual_seed(3)
    f = torch.randn(2, 8, 6, 10)
    loss_fn = ARFDLoss(kernel=kernel, consistency=consistency)
    assert loss_fn(f, f).abs() < 1e-5
    other = loss_fn(torch.randn(2, 8, 12, 20), f)
    assert torch.isfinite(other) and other > 0


def test_loss_is_scale_invariant_and_resizes_larger_map():
    torch.manual_seed(4)
    s, t = torch.randn(2, 8, 12, 16), torch.randn(2, 8, 6, 8)
    loss_fn = ARFDLoss()
    assert torch.allclose(loss_fn(s, t), loss_fn(25 * s, 0.1 * t), rtol=1e-4)
    expected = 1 - gram_cka(laplace_kernel(torch.nn.functional.interpolate(
        s, size=(6, 8), mode='bilinear').flatten(2)), laplace_kernel(t.flatten(2))).mean()
    assert torch.allclose(loss_fn(s, t), expected, rtol=1e-5)


def test_gradcheck_and_errors():
    torch.manual_seed(5)
    s = torch.randn(1, 3, 2, 3, dtype=torch.float64, requires_grad=True)
    t = torch.randn(1, 3, 2, 3, dtype=torch.float64)
    assert torch.autograd.gradcheck(lambda x: ARFDLoss()(x, t), (s,))
    with pytest.raises(ValueError, match='kernel'):
        ARFDLoss(kernel='rbf')
    with pytest.raises(ValueError, match='consistency'):
        ARFDLoss(consistency='kl')
    with pytest.raises(ValueError, match='ARFDAligner'):
        ARFDLoss()(torch.randn(1, 3, 2, 2), torch.randn(1, 4, 2, 2))


def test_aligner_eq12():
    aligner = ARFDAligner(5, 7)
    out = aligner(torch.randn(2, 5, 6, 8))
    assert out.shape == (2, 7, 6, 8) and out.min() >= 0
    assert aligner.align.conv.kernel_size == (3, 3)


def test_feature_cka_equals_gram_cka_and_pixel_cka_sees_where():
    torch.manual_seed(10)
    a = torch.randn(2, 40, 6, dtype=torch.float64)
    b = a[..., :3] @ torch.randn(3, 5, dtype=torch.float64) + 0.3 * torch.randn(2, 40, 5,
                                                                              dtype=torch.float64)
    assert torch.allclose(feature_cka(a, b), gram_cka(a, b), rtol=1e-10)
    assert torch.allclose(feature_cka(a, 3 * a), torch.ones(2, dtype=torch.float64))
    # channel-Gram CKA ignores a shuffle of the student's pixels; pixel-Gram CKA does not
    s = torch.randn(2, 8, 64, dtype=torch.float64)
    t = s + 0.1 * torch.randn(2, 8, 64, dtype=torch.float64)
    shuffled = s[..., torch.randperm(64)]
    assert torch.allclose(gram_cka(shuffled, t), gram_cka(s, t), rtol=1e-9)
    assert pixel_cka(s, t).min() > 0.9 > 0.5 > pixel_cka(shuffled, t).max()
    loss = ARFDLoss(consistency='pixel_cka')(torch.randn(2, 8, 4, 4), torch.randn(2, 16, 4, 4))
    assert 0 < loss < 1  # the channel counts may differ


def _train_aligners(guard_weight):
    torch.manual_seed(0)
    raw_T = torch.nn.functional.interpolate(torch.randn(4, 8, 4, 4), (16, 16),
                                            mode='bilinear', align_corners=False)
    raw_S = 0.3 * raw_T[:, :4] + torch.randn(4, 4, 16, 16)
    torch.manual_seed(1)
    align_S, align_T = ARFDAligner(4, 8), ARFDAligner(8, 8)
    loss_fn = ARFDLoss(train_teacher_aligner=True, guard_weight=guard_weight)
    start = align_T.align.conv.weight.detach().clone()
    optimizer = torch.optim.Adam([*align_S.parameters(), *align_T.parameters()], lr=0.01)
    for _ in range(200):
        optimizer.zero_grad()
        loss = loss_fn(align_S(raw_S), align_T(raw_T), raw_T)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        fidelity = pixel_cka(laplace_kernel(align_T(raw_T).flatten(2)),
                             laplace_kernel(raw_T.flatten(2))).mean()
    moved = (align_T.align.conv.weight - start).abs().mean()
    return float(loss), float(fidelity), float(moved)


def test_teacher_aligner_learns_and_the_guard_keeps_it_a_teacher_target():
    """Trained by 1 - CKA alone, both aligners agree (loss ~0) on a map that has
    lost most of the teacher's structure; the guard keeps the teacher's."""
    loss, fidelity, moved = _train_aligners(guard_weight=1.0)
    free_loss, free_fidelity, _ = _train_aligners(guard_weight=0.0)
    assert free_loss < 1e-3 and free_fidelity < 0.5
    assert fidelity > 0.65 and moved > 0.01
    with pytest.raises(ValueError, match='raw_T'):
        ARFDLoss(train_teacher_aligner=True)(torch.randn(1, 4, 4, 4), torch.randn(1, 4, 4, 4))


def test_frozen_teacher_side_gets_no_gradient_and_cka_is_logged():
    from mmengine.logging import MessageHub
    align_T = ARFDAligner(4, 4)
    loss_fn = ARFDLoss(log_name='arfd_cka_test')
    loss_fn(torch.randn(2, 4, 4, 4, requires_grad=True),
            align_T(torch.randn(2, 4, 4, 4))).backward()
    assert align_T.align.conv.weight.grad is None
    value = MessageHub.get_current_instance().get_scalar('train/arfd_cka_test').current()
    assert 0 <= value <= 1
