"""BCKD boundary map (Eq. 2), boundary loss (Eq. 3) and the temperature rule."""
import itertools

import pytest
import torch
import torch.nn.functional as F

from mmkd_ext.models.losses import BCKDBoundaryLoss
from mmkd_ext.models.losses.bckd_boundary import bckd_boundary_map
from mmkd_ext.models.losses.bckd_temperature import BCKDTemperature

DIRS = [(dy, dx) for dy, dx in itertools.product((-1, 0, 1), repeat=2) if (dy, dx) != (0, 0)]


def reference_boundary(e, radius):
    """Pixel loops: mean over neighbours j of the max soft edge on the line i -> j."""
    b, _, h, w = e.shape
    out = torch.zeros(b, 1, h, w, dtype=torch.float64)

    def at(y, x):
        return e[:, :, min(max(y, 0), h - 1), min(max(x, 0), w - 1)]

    for y, x in itertools.product(range(h), range(w)):
        acc = torch.zeros(b, dtype=torch.float64)
        for dy, dx in DIRS:
            for s in range(1, radius + 1):
                edges = [1 - torch.exp(-((at(y + k * dy, x + k * dx)
                                          - at(y + (k + 1) * dy, x + (k + 1) * dx))**2).sum(1))
                         for k in range(s)]
                acc += torch.stack(edges).max(0).values
        out[:, 0, y, x] = acc / (8 * radius)
    return out


def reference_loss(e_S, e_T, radius, tau, weight, map_type='affinity'):
    b_S, b_T = reference_boundary(e_S, radius), reference_boundary(e_T, radius)
    if map_type == 'affinity':                 # Eq. (2) as printed: 1 - max boundary
        b_S, b_T = 1 - b_S, 1 - b_T
    b_S, b_T = b_S.flatten(1) / tau, b_T.flatten(1) / tau
    p_T = torch.softmax(b_T, 1)
    kl = (p_T * (torch.log(p_T) - torch.log_softmax(b_S, 1))).sum(1)
    return weight * tau**2 * kl.mean()


def test_boundary_map_matches_reference():
    torch.manual_seed(0)
    e = torch.randn(2, 2, 5, 6, dtype=torch.float64)
    for radius in (1, 3):
        assert torch.allclose(bckd_boundary_map(e, radius), reference_boundary(e, radius),
                              rtol=1e-12, atol=1e-12)


def test_boundary_map_peaks_on_borders_and_is_flat_inside():
    e = torch.zeros(1, 1, 16, 16, dtype=torch.float64)
    e[..., 8:] = 3.0                        # two regions, border between columns 7 and 8
    e[..., 12:, 8:] = -3.0                  # a third region in the lower right
    bd = bckd_boundary_map(e, radius=2)[0, 0]
    assert torch.all(bd[:, :5] == 0) and torch.all(bd[:9, 11:] == 0)   # > radius from borders
    row = bd[2]
    assert row[7] == row.max() and row[8] == row.max()
    assert row[5] < row[6] < row[7]          # decays away from the border
    assert bd[11, 12] > 0 and bd[12, 12] > 0 and bd[9, 12] == 0
    assert torch.all((bd >= 0) & (bd < 1))


@pytest.mark.parametrize('map_type', ['affinity', 'boundary'])
def test_boundary_loss_matches_reference_and_identical_is_zero(map_type):
    torch.manual_seed(1)
    e_S, e_T = torch.randn(2, 3, 2, 4, 5, dtype=torch.float64)[:2]
    loss = BCKDBoundaryLoss(radius=2, map_type=map_type, teacher_input='embedding',
                            tau_init=2.0, loss_weight=10.0).eval()
    assert torch.allclose(loss(e_S, e_T), reference_loss(e_S, e_T, 2, 2.0, 10.0, map_type),
                          rtol=1e-10)
    assert loss(e_T, e_T).abs() < 1e-12


def test_affinity_and_boundary_maps_differ():
    torch.manual_seed(4)
    e_S, e_T = torch.randn(2, 1, 1, 6, 6, dtype=torch.float64)
    values = [BCKDBoundaryLoss(map_type=m, teacher_input='embedding').eval()(e_S, e_T)
              for m in ('affinity', 'boundary')]
    assert not torch.allclose(values[0], values[1])


def test_teacher_probabilities_and_features():
    """'probabilities': softmax over classes, resized to the student's grid; 'features':
    centred channels, unit-norm pixels; both then go through Eq. (2)."""
    torch.manual_seed(5)
    e_S = torch.randn(2, 1, 4, 6, dtype=torch.float64)
    logits = torch.randn(2, 5, 2, 3, dtype=torch.float64) * 3
    probs = F.interpolate(logits.softmax(1), size=(4, 6), mode='bilinear',
                          align_corners=False)
    loss = BCKDBoundaryLoss(radius=2).eval()
    assert torch.allclose(loss(e_S, logits), reference_loss(e_S, probs, 2, 1.0, 1.0),
                          rtol=1e-10)
    feats = torch.randn(2, 7, 4, 6, dtype=torch.float64)
    unit = feats - feats.mean((2, 3), keepdim=True)
    unit = unit / unit.norm(dim=1, keepdim=True)
    loss = BCKDBoundaryLoss(radius=2, teacher_input='features').eval()
    assert torch.allclose(loss(e_S, feats), reference_loss(e_S, unit, 2, 1.0, 1.0),
                          rtol=1e-10)
    assert torch.allclose(loss(e_S, 5 * feats), loss(e_S, feats), rtol=1e-12)


def test_boundary_loss_gradcheck_and_teacher_detached():
    torch.manual_seed(2)
    e_S = torch.randn(1, 2, 4, 4, dtype=torch.float64, requires_grad=True)
    e_T = torch.randn(1, 2, 4, 4, dtype=torch.float64, requires_grad=True)
    loss = BCKDBoundaryLoss(radius=2, teacher_input='embedding').eval()
    assert torch.autograd.gradcheck(lambda s: loss(s, e_T), (e_S, ))
    loss(e_S, e_T).backward()
    assert e_T.grad is None


def test_boundary_loss_float32_under_half_inputs_and_shape_error():
    e = torch.randn(1, 1, 6, 6).half()
    assert BCKDBoundaryLoss()(e, e).dtype == torch.float32
    with pytest.raises(ValueError, match='embed_S and embed_T'):
        BCKDBoundaryLoss(teacher_input='features')(torch.randn(1, 1, 6, 6),
                                                   torch.randn(1, 4, 6, 8))
    with pytest.raises(ValueError, match='same batch size'):
        BCKDBoundaryLoss()(torch.randn(1, 1, 6, 6), torch.randn(2, 4, 3, 3))
    for key, value in [('radius', 0), ('map_type', 'edge'), ('teacher_input', 'logits')]:
        with pytest.raises(ValueError, match=key):
            BCKDBoundaryLoss(**{key: value})


def test_temperature_rule_grows_only_on_large_range_and_in_training():
    rule = BCKDTemperature(max_tau=1.1)
    rule.step(torch.tensor([0.0, 0.5]))          # range 0.5: not exceeded
    assert rule.value == 1.0
    rule.step(torch.tensor([0.0, 0.6]))
    assert rule.value == pytest.approx(1.05)
    rule.step(torch.tensor([0.0, 0.49]))
    assert rule.value == pytest.approx(1.05)
    rule.step(torch.tensor([0.0, 0.6]))          # capped at max_tau
    assert rule.value == pytest.approx(1.1)
    loss = BCKDBoundaryLoss(teacher_input='embedding', tau_growth=1.5, tau_max_range=1e-6)
    e_S, e_T = torch.randn(2, 1, 1, 8, 8)
    loss.eval()(e_S, e_T)
    assert loss.temperature.value == 1.0         # no update in eval mode
    loss.train()(e_S, e_T)
    assert loss.temperature.value == 1.5
    with pytest.raises(ValueError, match='tau_growth'):
        BCKDTemperature(growth=0.9)


def test_temperature_survives_state_dict_round_trip():
    loss = BCKDBoundaryLoss(teacher_input='embedding', tau_max_range=1e-6).train()
    for _ in range(3):
        loss(torch.randn(1, 1, 8, 8), torch.randn(1, 1, 8, 8))
    state = loss.state_dict()
    assert 'temperature.tau' in state
    fresh = BCKDBoundaryLoss()
    fresh.load_state_dict(state)
    assert fresh.temperature.value == pytest.approx(1.05**3)
