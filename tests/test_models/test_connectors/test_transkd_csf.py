import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models import TransKDCSFConnector


def ref_bn(x, bn):
    """Eval-mode BN from its running statistics."""
    shape = (1, -1, 1, 1)
    return ((x - bn.running_mean.view(shape)) / torch.sqrt(bn.running_var.view(shape) + bn.eps)
            * bn.weight.view(shape) + bn.bias.view(shape))


def ref_nearest(y, size):
    """Nearest upsampling: output pixel i takes input pixel floor(i * in / out)."""
    hi = (torch.arange(size[0]) * y.shape[-2]) // size[0]
    wi = (torch.arange(size[1]) * y.shape[-1]) // size[1]
    return y[:, :, hi][:, :, :, wi]


def ref_csf(feats, m):
    """TransKD Eqs. (6)-(10) written out, deepest stage first."""
    def lateral(i, x):
        return ref_bn(F.conv2d(x, m.lateral_convs[i].conv.weight), m.lateral_convs[i].bn)

    def out(i, x):
        return ref_bn(F.conv2d(x, m.out_convs[i].conv.weight, padding=1), m.out_convs[i].bn)

    n = len(feats)
    outs = [None] * n
    fused = lateral(n - 1, feats[-1])
    outs[-1] = out(n - 1, fused)
    for i in range(n - 2, -1, -1):
        x = lateral(i, feats[i])
        y = ref_nearest(fused, x.shape[-2:])
        f = m.fusions[i]
        s = (x + y).mean(dim=(2, 3), keepdim=True)                      # Eq. (7)
        z = torch.relu(ref_bn(F.conv2d(s, f.squeeze.conv.weight), f.squeeze.bn))  # Eq. (8)
        c = x.shape[1]
        logits = F.conv2d(z, f.select.weight, f.select.bias)
        az, bz = logits[:, :c], logits[:, c:]
        a = torch.exp(az) / (torch.exp(az) + torch.exp(bz))            # Eq. (9)
        b = torch.exp(bz) / (torch.exp(az) + torch.exp(bz))
        fused = a * x + b * y                                           # Eq. (10)
        outs[i] = out(i, fused)
    return outs


def make(in_ch=(4, 6, 8), out_ch=(5, 7, 9), mid=6, **kw):
    torch.manual_seed(0)
    m = TransKDCSFConnector(in_ch, out_ch, mid_channels=mid, min_channels=3, **kw).double()
    for mod in m.modules():  # non-trivial running statistics for the eval-mode reference
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.5, 0.5)
            mod.running_var.uniform_(0.5, 2.0)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.uniform_(-0.5, 0.5)
    return m


def feats(b=2, ch=(4, 6, 8), sizes=((12, 20), (6, 10), (3, 5))):
    return [torch.randn(b, c, *s, dtype=torch.float64) for c, s in zip(ch, sizes)]


def test_csf_matches_reference_eval():
    m = make().eval()
    fs = feats()
    got = m(fs)
    expected = ref_csf(fs, m)
    assert len(got) == 3
    for g, e in zip(got, expected):
        assert g.shape == e.shape
        assert torch.allclose(g, e, rtol=1e-10, atol=1e-12)


def test_csf_shapes_train_and_bottleneck_width():
    m = TransKDCSFConnector([32, 64, 160, 256], [64, 128, 320, 512]).train()
    assert m.fusions[0].squeeze.conv.out_channels == 32  # max(64 // 16, 32)
    assert len(m.fusions) == 3  # the deepest stage is not fused
    fs = [torch.randn(2, c, 32 // 2**i, 64 // 2**i) for i, c in enumerate([32, 64, 160, 256])]
    outs = m(tuple(fs))
    assert [tuple(o.shape) for o in outs] == [
        (2, 64, 32, 64), (2, 128, 16, 32), (2, 320, 8, 16), (2, 512, 4, 8)]


def test_csf_equal_attention_averages_branches():
    m = make().eval()
    for f in m.fusions:  # A = B and equal biases: a = b = 1/2 (Eq. 9)
        torch.nn.init.zeros_(f.select.weight)
        torch.nn.init.zeros_(f.select.bias)
    x = torch.randn(2, 6, 4, 4, dtype=torch.float64)
    y = torch.randn(2, 6, 4, 4, dtype=torch.float64)
    assert torch.allclose(m.fusions[0](x, y), (x + y) / 2, rtol=1e-12)


def test_csf_gradcheck():
    m = make(in_ch=(2, 3), out_ch=(2, 2), mid=4).train()
    inputs = tuple(torch.randn(2, c, *s, dtype=torch.float64, requires_grad=True)
                   for c, s in zip((2, 3), ((4, 4), (2, 2))))
    assert torch.autograd.gradcheck(lambda a, b: sum(o.sum() for o in m((a, b))), inputs)


def test_csf_batch_one_bn_raises_naming_norm_cfg():
    m = make().train()
    with pytest.raises(ValueError, match='norm_cfg'):
        m(feats(b=1))
    m.eval()
    assert len(m(feats(b=1))) == 3  # evaluation with one image is fine


def test_csf_bad_inputs():
    with pytest.raises(ValueError, match='in_channels'):
        TransKDCSFConnector([4, 6], [5])
    with pytest.raises(ValueError, match='no data_idx'):
        make()(feats()[:2])
