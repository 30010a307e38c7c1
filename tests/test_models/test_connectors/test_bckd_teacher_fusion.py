"""BCKD teacher-side fusion: no parameters, stages weighted alike, teacher relations kept."""
import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models.connectors import BCKDTeacherFusion
from mmkd_ext.models.losses import BCKDContextLoss


def stages(channels, b=2, size=(16, 32), seed=0, scales=None):
    g = torch.Generator().manual_seed(seed)
    h, w = size
    sizes = [(h // 4, w // 4)] + [(h // 8, w // 8)] * (len(channels) - 1)
    scales = scales or [1.0] * len(channels)
    return tuple(s * torch.randn(b, c, *hw, generator=g, dtype=torch.float64)
                 for c, hw, s in zip(channels, sizes, scales))


def reference(feature, target_stage):
    size = feature[target_stage].shape[-2:]
    out = []
    for x in feature:
        x = F.interpolate(x, size=size, mode='bilinear', align_corners=False)
        x = x - x.mean((2, 3), keepdim=True)
        out.append(x / x.pow(2).sum(1).mean((1, 2)).sqrt()[:, None, None, None])
    return torch.cat(out, 1)


def test_matches_reference_without_parameters():
    fusion = BCKDTeacherFusion(target_stage=1)
    feats = stages([4, 8, 16])
    out = fusion(feats)
    assert out.shape == (2, 28, 2, 4)
    assert torch.allclose(out, reference(feats, 1), rtol=1e-12)
    assert len(list(fusion.parameters())) == 0 and len(fusion.state_dict()) == 0


def test_every_stage_weighs_the_same_whatever_its_scale():
    feats = stages([4, 8, 16], scales=[1.0, 100.0, 0.01])
    out = BCKDTeacherFusion(target_stage=1)(feats)
    energy = [part.pow(2).sum(1).mean() for part in out.split([4, 8, 16], dim=1)]
    assert torch.allclose(torch.stack(energy), torch.ones(3, dtype=torch.float64))


def test_relations_follow_the_teacher_features():
    """Two teachers with different features give different targets; the same teacher at
    another feature scale gives the same one."""
    cd = BCKDContextLoss(chunk_size=None).eval()
    fusion = BCKDTeacherFusion(target_stage=1)
    f_S = torch.randn(2, 6, 2, 4, dtype=torch.float64)
    a, b = stages([4, 8, 16], seed=1), stages([4, 8, 16], seed=2)
    assert not torch.allclose(cd(f_S, fusion(a)), cd(f_S, fusion(b)))
    assert torch.allclose(cd(f_S, fusion(tuple(3 * x for x in a))), cd(f_S, fusion(a)))


def test_bad_target_stage_names_the_key():
    with pytest.raises(ValueError, match='target_stage'):
        BCKDTeacherFusion(target_stage=3)(stages([4, 8]))
