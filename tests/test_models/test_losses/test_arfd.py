"""ARFD (LIX Eq. 12-17): kernels, CKA against a reference, loss options."""
import pytest
import torch

from mmkd_ext.models.connectors import ARFDAligner
from mmkd_ext.models.losses import ARFDLoss
from mmkd_ext.models.losses.arfd import (gaussian_kernel, laplace_kernel,
                                         linear_kernel)
from mmkd_ext.models.losses.cka import gram_cka


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
