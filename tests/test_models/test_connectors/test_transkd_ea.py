import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models import TransKDEAConnector


def test_ea_matches_reference():
    torch.manual_seed(0)
    m = TransKDEAConnector(4, 6, in_channels=3, kernel_size=7, stride=4,
                           mix_init=(0.1, 0.5)).double()
    x = torch.randn(2, 3, 16, 24, dtype=torch.float64)
    tokens = torch.randn(2, 4 * 6, 4, dtype=torch.float64)
    conv, ln = m.embed.projection, m.embed.norm
    e = F.conv2d(x, conv.weight, conv.bias, stride=4, padding=3).flatten(2).transpose(1, 2)
    mu, var = e.mean(-1, keepdim=True), e.var(-1, unbiased=False, keepdim=True)
    ea = (e - mu) / torch.sqrt(var + 1e-6) * ln.weight + ln.bias
    pea = tokens @ m.pea.proj.weight.T + m.pea.proj.bias
    got = m(((x, ), (tokens, (4, 6))))
    assert got.shape == (2, 24, 6)
    expected = m.pea_weight * pea + m.ea_weight * ea
    assert torch.allclose(got, expected, rtol=1e-10, atol=1e-12)
    assert m.pea_weight.item() == pytest.approx(0.1) and m.ea_weight.item() == pytest.approx(0.5)


def test_ea_gradcheck_reaches_embedding_input():
    m = TransKDEAConnector(2, 3, in_channels=2, kernel_size=3, stride=2,
                           mix_init=(0.2, 0.6)).double()
    x = torch.randn(1, 2, 4, 4, dtype=torch.float64, requires_grad=True)
    t = torch.randn(1, 4, 2, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a, b: m(((a, ), (b, (2, 2)))), (x, t))


def test_ea_grid_mismatch_names_kernel_and_stride():
    m = TransKDEAConnector(2, 3, in_channels=2, kernel_size=3, stride=2, mix_init=(1, 1))
    with pytest.raises(ValueError, match='kernel_size/stride'):
        m(((torch.randn(1, 2, 8, 8), ), (torch.randn(1, 4, 2), (2, 2))))
