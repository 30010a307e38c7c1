import pytest
import torch

from mmkd_ext.models import HierarchicalContextLoss


def block_mean(x, size):
    """Average pooling to size x size for sides divisible by size."""
    b, c, h, w = x.shape
    return x.view(b, c, size, h // size, size, w // size).mean(dim=(3, 5))


def ref_stage(s, t):
    """Eq. (11) for a map whose sides allow every level 4, 2, 1."""
    terms = [((s - t)**2).mean()] + [((block_mean(s, k) - block_mean(t, k))**2).mean()
                                     for k in (4, 2, 1)]
    weights = [1.0, 0.5, 0.25, 0.125]
    return sum(w * x for w, x in zip(weights, terms)) / sum(weights)


def test_hcl_matches_reference_multi_stage():
    torch.manual_seed(0)
    shapes = [(2, 3, 16, 32), (2, 5, 8, 16), (2, 7, 4, 8)]
    s = [torch.randn(*sh, dtype=torch.float64) for sh in shapes]
    t = [torch.randn(*sh, dtype=torch.float64) for sh in shapes]
    beta = [1.0, 0.5, 2.0]
    # the 4x8 map skips level 4 (4 >= min(H, W)): weights 1, 1/2, 1/4 over full, 2, 1
    s2, t2 = s[2], t[2]
    last = (((s2 - t2)**2).mean() + 0.5 * ((block_mean(s2, 2) - block_mean(t2, 2))**2).mean()
            + 0.25 * ((block_mean(s2, 1) - block_mean(t2, 1))**2).mean()) / 1.75
    expected = 3.0 * (beta[0] * ref_stage(s[0], t[0]) + beta[1] * ref_stage(s[1], t[1])
                      + beta[2] * last)
    got = HierarchicalContextLoss(stage_weights=beta, loss_weight=3.0)(s, t)
    assert got.dtype == torch.float64  # float64 stays float64 (only half types are upcast)
    assert torch.allclose(got, expected, rtol=1e-12)


def test_hcl_single_tensor_identical_is_zero_and_detaches_teacher():
    s = torch.randn(2, 4, 8, 8, requires_grad=True)
    t = s.detach().clone().requires_grad_(True)
    loss = HierarchicalContextLoss()(s, t)
    assert loss.item() == 0.0
    (loss + HierarchicalContextLoss()(s, torch.zeros_like(t) + t)).backward()
    assert t.grad is None and s.grad is not None


def test_hcl_half_inputs_computed_in_float32():
    s, t = torch.randn(1, 2, 8, 8), torch.randn(1, 2, 8, 8)
    loss16 = HierarchicalContextLoss()(s.half(), t.half())
    assert loss16.dtype == torch.float32
    assert torch.allclose(loss16, HierarchicalContextLoss()(s.half().float(), t.half().float()))


def test_hcl_gradcheck():
    s = torch.randn(1, 2, 6, 6, dtype=torch.float64, requires_grad=True)
    t = torch.randn(1, 2, 6, 6, dtype=torch.float64)
    loss = HierarchicalContextLoss()
    assert torch.autograd.gradcheck(lambda x: loss._stage_loss(x, t), (s, ))


def test_hcl_bad_inputs():
    s = [torch.randn(1, 2, 4, 4)] * 2
    with pytest.raises(ValueError, match='stage_weights'):
        HierarchicalContextLoss(stage_weights=[1, 1, 1])(s, s)
    with pytest.raises(ValueError, match='equal shapes'):
        HierarchicalContextLoss()(torch.randn(1, 2, 4, 4), torch.randn(1, 3, 4, 4))
