"""BCKD fusion connector: shapes, bad inputs, and no collapse of the teacher side."""
import pytest
import torch

from mmkd_ext.models.connectors import BCKDFusionConnector
from mmkd_ext.models.losses import BCKDBoundaryLoss, BCKDContextLoss


def stages(channels, b=2, size=(32, 64), seed=0):
    g = torch.Generator().manual_seed(seed)
    h, w = size
    sizes = [(h // 4, w // 4)] + [(h // 8, w // 8)] * (len(channels) - 1)
    return tuple(torch.randn(b, c, *s, generator=g) for c, s in zip(channels, sizes))


def test_shapes_and_target_grid():
    conn = BCKDFusionConnector([16, 32, 64, 128], stage_channels=8, out_channels=24,
                               boundary_channels=2)
    fused, embed = conn(stages([16, 32, 64, 128]))
    assert fused.shape == (2, 24, 4, 8) and embed.shape == (2, 2, 4, 8)
    conn0 = BCKDFusionConnector([16, 32, 64, 128], target_stage=0)
    assert conn0(stages([16, 32, 64, 128]))[0].shape == (2, 256, 8, 16)


def test_bad_inputs_name_the_key():
    with pytest.raises(ValueError, match='target_stage'):
        BCKDFusionConnector([8, 8], target_stage=2)
    with pytest.raises(ValueError, match='in_channels'):
        BCKDFusionConnector([8, 8, 8])(stages([8, 8]))


def test_frozen_teacher_side_cannot_collapse():
    """Train student AND teacher fusion with all parameters in the optimizer (as the
    distiller is): the frozen teacher fusion gets no gradient, keeps its weights and
    keeps a non-constant map, while the student side learns."""
    torch.manual_seed(0)
    teacher = BCKDFusionConnector([32, 64, 128, 256], out_channels=32, frozen=True)
    student = BCKDFusionConnector([16, 32, 64, 128], out_channels=32)
    bd = BCKDBoundaryLoss(teacher_input='embedding', loss_weight=10.0)
    cd = BCKDContextLoss(chunk_size=8, relation='dot', loss_weight=50.0)
    feats_T, feats_S = stages([32, 64, 128, 256], seed=1), stages([16, 32, 64, 128], seed=2)
    params = list(teacher.parameters()) + list(student.parameters())
    opt = torch.optim.SGD(params, lr=1e-4, weight_decay=1e-2)
    before = {k: v.clone() for k, v in teacher.state_dict().items()}
    student_before = student.fuse.weight.clone()
    losses = []
    for _ in range(5):
        (f_T, e_T), (f_S, e_S) = teacher(feats_T), student(feats_S)
        loss = bd(e_S, e_T) + cd(f_S, f_T)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert all(p.grad is None and not p.requires_grad for p in teacher.parameters())
    assert all(torch.equal(before[k], v) for k, v in teacher.state_dict().items())
    f_T, e_T = teacher(feats_T)
    assert f_T.flatten(2).std(-1).min() > 1e-3 and e_T.flatten(2).std(-1).min() > 1e-3
    assert not torch.equal(student.fuse.weight, student_before)
    assert losses[-1] < losses[0]


def test_constant_student_map_does_not_zero_the_loss():
    """The fixed teacher map is not constant, so a collapsed student is penalised."""
    torch.manual_seed(0)
    teacher = BCKDFusionConnector([8, 8], out_channels=8, frozen=True)
    f_T, e_T = teacher(stages([8, 8], seed=1))
    assert BCKDContextLoss(relation='dot')(torch.zeros_like(f_T), f_T) > 1e-3
    assert BCKDBoundaryLoss(teacher_input='embedding')(torch.zeros_like(e_T), e_T) > 1e-6
