"""MaskedPixelKLDivergence: pixel-wise Hinton KD with ignore mask and grid alignment."""
import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models.losses import MaskedPixelKLDivergence


def ref(zs, zt, y, tau):
    p = torch.exp(zt / tau) / torch.exp(zt / tau).sum(1, keepdim=True)
    q = torch.exp(zs / tau) / torch.exp(zs / tau).sum(1, keepdim=True)
    kl = tau**2 * (p * torch.log(p / q)).sum(1)
    valid = y != 255
    return kl[valid].sum() / valid.sum()


def data(seed=0, hw=(6, 8)):
    g = torch.Generator().manual_seed(seed)
    zs = torch.randn(2, 5, *hw, generator=g, dtype=torch.float64)
    zt = torch.randn(2, 5, *hw, generator=g, dtype=torch.float64) * 3
    y = torch.randint(0, 5, (2, *hw), generator=g)
    y[torch.rand(2, *hw, generator=g) < 0.25] = 255
    return zs, zt, y


@pytest.mark.parametrize('tau', [1.0, 4.0])
def test_matches_reference(tau):
    zs, zt, y = data()
    got = MaskedPixelKLDivergence(tau=tau, loss_weight=0.1)(zs, zt, y)
    assert torch.allclose(got, 0.1 * ref(zs, zt, y, tau), rtol=1e-10)


def test_teacher_on_another_grid_is_resized_to_the_student():
    zs, _, y = data(1)
    zt = torch.randn(2, 5, 12, 16, dtype=torch.float64)
    zt_small = F.interpolate(zt, size=(6, 8), mode='bilinear', align_corners=False)
    got = MaskedPixelKLDivergence()(zs, zt, y)
    assert torch.allclose(got, ref(zs, zt_small, y, 1.0), rtol=1e-10)


def test_identical_is_zero_all_ignore_is_zero_no_teacher_grad_gradcheck():
    zs, zt, y = data(2)
    loss = MaskedPixelKLDivergence(tau=2.0)
    assert loss(zs, zs, y).abs() < 1e-14
    zs.requires_grad_(True)
    zt.requires_grad_(True)
    out = loss(zs, zt, torch.full_like(y, 255))
    out.backward()
    assert out.item() == 0.0 and zt.grad is None and torch.isfinite(zs.grad).all()
    assert torch.autograd.gradcheck(lambda s: loss(s, zt.detach(), y), (zs, ))
    assert torch.isfinite(loss(zs.detach().bfloat16(), zt.detach().bfloat16(), y))


def test_bad_arguments():
    with pytest.raises(ValueError, match='tau'):
        MaskedPixelKLDivergence(tau=0)
    zs, zt, y = data()
    with pytest.raises(ValueError, match='differ'):
        MaskedPixelKLDivergence()(zs, zt[:, :4], y)
