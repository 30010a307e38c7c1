"""ResizedChannelWiseDivergence: MMRazor's CWD on logits of different grids/layouts."""
import torch
import torch.nn.functional as F

from mmkd_ext.models.losses import ResizedChannelWiseDivergence


def ref_cwd(zs, zt, tau):
    """CWD Eq. 3: per channel, KL of the spatial softmax, tau^2 / (N C)."""
    N, C = zs.shape[:2]
    p = torch.softmax(zt.flatten(2) / tau, dim=2)
    logq = torch.log_softmax(zs.flatten(2) / tau, dim=2)
    return tau**2 * (p * (p.log() - logq)).sum() / (N * C)


def test_matches_reference_across_grids_and_channels_last():
    torch.manual_seed(0)
    zs = torch.randn(2, 4, 6, 8, dtype=torch.float64).to(memory_format=torch.channels_last)
    zt = torch.randn(2, 4, 12, 16, dtype=torch.float64).to(memory_format=torch.channels_last)
    got = ResizedChannelWiseDivergence(tau=2.0, loss_weight=3.0)(zs, zt)
    zt_small = F.interpolate(zt, size=(6, 8), mode='bilinear', align_corners=False)
    assert torch.allclose(got, 3.0 * ref_cwd(zs, zt_small, 2.0), rtol=1e-10)


def test_same_grid_equals_parent_and_teacher_gets_no_gradient():
    from mmrazor.models.losses import ChannelWiseDivergence
    zs = torch.randn(2, 3, 5, 5, requires_grad=True)
    zt = torch.randn(2, 3, 5, 5, requires_grad=True)
    got = ResizedChannelWiseDivergence(tau=1.0)(zs, zt)
    assert torch.allclose(got, ChannelWiseDivergence(tau=1.0)(zs, zt.detach()))
    got.backward()
    assert zt.grad is None and zs.grad is not None
