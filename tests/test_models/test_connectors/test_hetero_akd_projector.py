"""LogitSpaceProjector: 1x1 conv + BN (+ optional act) into the logits space."""
import pytest
import torch

from mmkd_ext.models.connectors import LogitSpaceProjector


def test_projects_channels_keeps_grid_and_matches_reference():
    torch.manual_seed(0)
    proj = LogitSpaceProjector(in_channels=6, num_classes=4, prior_init=False).double().eval()
    proj.proj.bn.running_mean.normal_()
    proj.proj.bn.running_var.uniform_(0.5, 2.0)
    proj.proj.bn.weight.data.normal_()
    proj.proj.bn.bias.data.normal_()
    x = torch.randn(2, 6, 5, 7, dtype=torch.float64)
    out = proj(x)
    conv, bn = proj.proj.conv, proj.proj.bn
    assert conv.bias is None  # BN follows: no conv bias
    lin = torch.einsum('oc,bchw->bohw', conv.weight[:, :, 0, 0], x)
    ref = (lin - bn.running_mean[:, None, None]) / torch.sqrt(
        bn.running_var[:, None, None] + bn.eps) * bn.weight[:, None, None] \
        + bn.bias[:, None, None]
    assert out.shape == (2, 4, 5, 7)
    assert torch.allclose(out, ref, rtol=1e-10)
    assert (out < 0).any()  # no ReLU by default: negative logits are expressible


def test_optional_relu_and_gradients():
    proj = LogitSpaceProjector(8, 3, act_cfg=dict(type='ReLU'))
    x = torch.randn(2, 8, 4, 4, requires_grad=True)
    out = proj(x)
    assert (out >= 0).all()
    out.sum().backward()
    assert proj.proj.conv.weight.grad is not None and x.grad is not None


@pytest.mark.parametrize('bad', [torch.randn(2, 5, 4, 4), torch.randn(2, 16, 8),
                                 (torch.randn(2, 8, 4, 4), )])
def test_bad_input_names_the_config_keys(bad):
    with pytest.raises(ValueError, match='in_channels.*data_idx'):
        LogitSpaceProjector(8, 3)(bad)


@pytest.mark.parametrize('norm_cfg', [dict(type='BN'), None])
def test_prior_init_survives_init_weights(norm_cfg):
    proj = LogitSpaceProjector(8, 10, norm_cfg=norm_cfg)
    proj.init_weights()
    layer = proj.proj.bn if norm_cfg else proj.proj.conv
    assert torch.allclose(torch.sigmoid(layer.bias), torch.full((10, ), 0.1))
    off = LogitSpaceProjector(8, 10, prior_init=False)
    off.init_weights()
    assert torch.equal(off.proj.bn.bias, torch.zeros(10))
