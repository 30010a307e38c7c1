import math

import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models import TransKDGLMixerConnector


def ref_mhsa(x, attn, heads):
    """Multi-head self-attention written out from the module's projections."""
    b, n, c = x.shape
    d = c // heads
    wq, wk, wv = attn.in_proj_weight.chunk(3)
    bq, bk, bv = attn.in_proj_bias.chunk(3)

    def split(t):
        return t.view(b, n, heads, d).transpose(1, 2)

    q, k, v = split(x @ wq.T + bq), split(x @ wk.T + bk), split(x @ wv.T + bv)
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)
    p = torch.exp(scores - scores.amax(-1, keepdim=True))
    p = p / p.sum(-1, keepdim=True)
    out = (p @ v).transpose(1, 2).reshape(b, n, c)
    return out @ attn.out_proj.weight.T + attn.out_proj.bias


def ref_conv1d_raster(x, conv):
    """Kernel-3 conv over the raster token order, zero padded at the sequence ends."""
    b, n, c = x.shape
    pad = torch.cat([x.new_zeros(b, 1, c), x, x.new_zeros(b, 1, c)], 1)
    w = conv.weight  # (C_out, C_in, 3)
    return sum(pad[:, j:j + n] @ w[:, :, j].T for j in range(3)) + conv.bias


def ref_conv2d_grid(x, conv, h, w):
    """3x3 conv on the token grid, zero padded."""
    b, n, c = x.shape
    grid = F.pad(x.view(b, h, w, c), (0, 0, 1, 1, 1, 1))
    out = sum(grid[:, i:i + h, j:j + w] @ conv.weight[:, :, i, j].T
              for i in range(3) for j in range(3)) + conv.bias
    return out.reshape(b, n, -1)


@pytest.mark.parametrize('local_conv', ['2d', '1d'])
def test_gl_mixer_matches_eq5(local_conv):
    torch.manual_seed(0)
    h, w, c, heads = 3, 4, 8, 2
    m = TransKDGLMixerConnector(c, heads, local_conv=local_conv, mix_init=(0.7, 1.3)).double()
    x = torch.randn(2, h * w, c, dtype=torch.float64)
    if local_conv == '2d':
        val, gate = (ref_conv2d_grid(x, m.value_conv, h, w), ref_conv2d_grid(x, m.gate_conv, h, w))
    else:
        val, gate = ref_conv1d_raster(x, m.value_conv), ref_conv1d_raster(x, m.gate_conv)
    assert (m.global_weight.item(), m.local_weight.item()) == pytest.approx((0.7, 1.3))
    expected = (m.global_weight * ref_mhsa(x, m.attn, heads)
                + m.local_weight * val / (1 + torch.exp(-gate)))
    got = m((x, (h, w)))
    assert got.shape == (2, h * w, c)
    assert torch.allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_gl_mixer_single_row_2d_equals_1d_with_middle_kernel_row():
    torch.manual_seed(0)
    m2 = TransKDGLMixerConnector(4, 2, local_conv='2d').double()
    m1 = TransKDGLMixerConnector(4, 2, local_conv='1d').double()
    m1.attn.load_state_dict(m2.attn.state_dict())
    for name in ('value_conv', 'gate_conv'):
        getattr(m1, name).weight.data.copy_(getattr(m2, name).weight.data[:, :, 1])
        getattr(m1, name).bias.data.copy_(getattr(m2, name).bias.data)
    x = torch.randn(2, 5, 4, dtype=torch.float64)
    assert torch.allclose(m2((x, (1, 5))), m1((x, (1, 5))), rtol=1e-12)
    # with more than one row the 1-D raster conv mixes the ends of neighbouring rows
    x = torch.randn(2, 6, 4, dtype=torch.float64)
    assert not torch.allclose(m2((x, (2, 3))), m1((x, (2, 3))))


def test_gl_mixer_scalars_initialised_and_gradcheck():
    m = TransKDGLMixerConnector(4, 2).double()
    assert m.global_weight.item() == 1.0 and m.local_weight.item() == 1.0
    x = torch.randn(1, 6, 4, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: m((t, (2, 3))), (x, ))


def test_gl_mixer_bad_config():
    with pytest.raises(ValueError, match='local_conv'):
        TransKDGLMixerConnector(8, local_conv='3d')
    with pytest.raises(ValueError, match='num_heads'):
        TransKDGLMixerConnector(6, num_heads=4)
    with pytest.raises(ValueError, match='grid'):
        TransKDGLMixerConnector(8, 2)((torch.randn(1, 5, 8), (2, 3)))
