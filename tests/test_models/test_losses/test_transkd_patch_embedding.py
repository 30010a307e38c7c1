import pytest
import torch

from mmkd_ext.models import PatchEmbeddingLoss


def test_patch_embedding_loss_is_weighted_mean_squared_error():
    torch.manual_seed(0)
    s = torch.randn(2, 12, 5, dtype=torch.float64)
    t = torch.randn(2, 12, 5, dtype=torch.float64)
    expected = 0.5 * sum(((a - b)**2).item() for a, b in zip(s.flatten(), t.flatten())) / s.numel()
    got = PatchEmbeddingLoss(loss_weight=0.5)(s, t)
    assert got.dtype == torch.float64  # float64 stays float64 (only half types are upcast)
    assert got.item() == pytest.approx(expected, rel=1e-12)
    assert PatchEmbeddingLoss()(s, s.clone()).item() == 0.0


def test_patch_embedding_loss_gradient_reaches_student_only():
    s = torch.randn(1, 4, 3, dtype=torch.float64, requires_grad=True)
    t = torch.randn(1, 4, 3, dtype=torch.float64, requires_grad=True)
    PatchEmbeddingLoss()(s, t).backward()
    assert t.grad is None
    assert torch.allclose(s.grad, (2 * (s - t) / s.numel()).detach(), rtol=1e-12)


def test_patch_embedding_loss_shape_mismatch_names_pea():
    with pytest.raises(ValueError, match='PEA'):
        PatchEmbeddingLoss()(torch.randn(1, 4, 3), torch.randn(1, 4, 6))
