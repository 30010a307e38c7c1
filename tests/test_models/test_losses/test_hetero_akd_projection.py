"""HeteroAKDProjectionLoss: GT supervision of the projected logits."""
import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models.losses import HeteroAKDProjectionLoss
from mmkd_ext.models.utils import labels_to_grid


def data(seed=0):
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(2, 4, 5, 6, generator=g, dtype=torch.float64)
    y = torch.randint(0, 4, (2, 10, 12), generator=g)  # labels at 2x the logits grid
    y[torch.rand(2, 10, 12, generator=g) < 0.3] = 255
    return z, y


def test_ce_matches_torch_cross_entropy_on_the_logit_grid():
    z, y = data()
    y_grid = labels_to_grid(y, (5, 6))  # majority of each 2x2 cell (tested on its own)
    expected = F.cross_entropy(z, y_grid, ignore_index=255)
    got = HeteroAKDProjectionLoss(reliability='ce', loss_weight=2.0)(z, y)
    assert torch.allclose(got, 2.0 * expected, rtol=1e-12)


@pytest.mark.parametrize('reduction', ['mean', 'sum'])
def test_bce_is_class_reduced_mean_over_valid_pixels(reduction):
    z, y = data(1)
    y_grid = labels_to_grid(y, (5, 6))
    valid = y_grid != 255
    total = 0.0
    for k in range(4):
        t = (y_grid == k).double()
        p = torch.sigmoid(z[:, k])
        total += (-(t * p.log() + (1 - t) * (1 - p).log()))[valid].sum()
    got = HeteroAKDProjectionLoss(reliability='bce', class_reduction=reduction)(z, y)
    classes = 4 if reduction == 'mean' else 1
    assert torch.allclose(got, total / valid.sum() / classes, rtol=1e-12)
    with pytest.raises(ValueError, match='class_reduction'):
        HeteroAKDProjectionLoss(class_reduction='max')


def test_gradcheck_all_ignore_and_low_precision():
    z, y = data(2)
    z.requires_grad_(True)
    loss = HeteroAKDProjectionLoss()
    small = z[:1, :, :2, :3].detach().requires_grad_(True)
    assert torch.autograd.gradcheck(lambda x: loss(x, y[:1]), (small, ))
    zero = loss(z, torch.full_like(y, 255))
    zero.backward()
    assert zero.item() == 0.0 and torch.isfinite(z.grad).all()
    half = loss(z.detach().half(), y)
    assert half.dtype == torch.float32 and torch.isfinite(half)


def test_bad_reliability_is_named():
    with pytest.raises(ValueError, match='reliability'):
        HeteroAKDProjectionLoss(reliability='dice')
