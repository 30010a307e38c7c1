import torch
import torch.nn.functional as F

from mmkd_ext.models import KnowledgeReviewABFConnector
from test_transkd_csf import feats, ref_bn, ref_nearest


def ref_abf_chain(fs, m):
    """Knowledge Review's ABF chain written out (sigmoid spatial attention)."""
    def lateral(i, x):
        return ref_bn(F.conv2d(x, m.lateral_convs[i].conv.weight), m.lateral_convs[i].bn)

    def out(i, x):
        return ref_bn(F.conv2d(x, m.out_convs[i].conv.weight, padding=1), m.out_convs[i].bn)

    outs = [None] * len(fs)
    fused = lateral(len(fs) - 1, fs[-1])
    outs[-1] = out(len(fs) - 1, fused)
    for i in range(len(fs) - 2, -1, -1):
        x = lateral(i, fs[i])
        y = ref_nearest(fused, x.shape[-2:])
        conv = m.fusions[i].att_conv
        w = 1 / (1 + torch.exp(-F.conv2d(torch.cat([x, y], 1), conv.weight, conv.bias)))
        fused = x * w[:, 0:1] + y * w[:, 1:2]
        outs[i] = out(i, fused)
    return outs


def test_abf_matches_reference():
    torch.manual_seed(1)
    m = KnowledgeReviewABFConnector((4, 6, 8), (5, 7, 9), mid_channels=6).double().eval()
    for mod in m.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.5, 0.5)
            mod.running_var.uniform_(0.5, 2.0)
    fs = feats()
    for g, e in zip(m(fs), ref_abf_chain(fs, m)):
        assert torch.allclose(g, e, rtol=1e-10, atol=1e-12)


def test_abf_shapes_and_gradcheck():
    m = KnowledgeReviewABFConnector([2, 3], [2, 2], mid_channels=4).double().train()
    inputs = tuple(torch.randn(2, c, *s, dtype=torch.float64, requires_grad=True)
                   for c, s in zip((2, 3), ((4, 4), (2, 2))))
    outs = m(inputs)
    assert [tuple(o.shape) for o in outs] == [(2, 2, 4, 4), (2, 2, 2, 2)]
    assert torch.autograd.gradcheck(lambda a, b: sum(o.sum() for o in m((a, b))), inputs)
