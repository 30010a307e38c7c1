"""BCKD context loss (Eq. 4-5): chunked equals naive, and holds far less memory."""
import math

import pytest
import torch

from mmkd_ext.models.losses import BCKDContextLoss
from mmkd_ext.utils import PeakTensorMemory


def reference_context(f_S, f_T, tau, weight, relation='cosine', scale=16.0):
    """Whole N x N relations, written from Eq. (4)-(5) with row softmax and KL; 'cosine'
    centres every channel over the image's positions and puts each pixel at unit norm."""
    rels = []
    for f in (f_S, f_T):
        q = f.reshape(f.shape[0], f.shape[1], -1).double()
        if relation == 'cosine':
            q = q - q.mean(2, keepdim=True)
            q = q / q.norm(dim=1, keepdim=True)
            rels.append(q.transpose(1, 2) @ q * scale)
        else:
            rels.append(q.transpose(1, 2) @ q / math.sqrt(q.shape[1]))
    p_T = torch.softmax(rels[1] / tau, -1)
    kl = (p_T * (torch.log(p_T) - torch.log_softmax(rels[0] / tau, -1))).sum(-1)
    return weight * tau**2 * kl.mean()


@pytest.mark.parametrize('relation', ['cosine', 'dot'])
def test_naive_matches_reference(relation):
    torch.manual_seed(0)
    f_S, f_T = torch.randn(2, 2, 4, 3, 5, dtype=torch.float64)
    loss = BCKDContextLoss(chunk_size=None, relation=relation, tau_init=1.5,
                           loss_weight=50.0).eval()
    assert torch.allclose(loss(f_S, f_T), reference_context(f_S, f_T, 1.5, 50.0, relation),
                          rtol=1e-10)
    assert loss(f_T, f_T).abs() < 1e-12


def test_cosine_relation_is_scale_free_and_takes_other_channel_counts():
    torch.manual_seed(1)
    f_S = torch.randn(2, 6, 3, 4, dtype=torch.float64)
    f_T = torch.randn(2, 9, 3, 4, dtype=torch.float64)
    loss = BCKDContextLoss(chunk_size=5).eval()
    value = loss(f_S, f_T)
    assert torch.allclose(loss(2 * f_S, 2 * f_T), value, rtol=1e-12)
    assert torch.allclose(loss(f_S * 7 + 3, f_T), value, rtol=1e-12)   # scale and offset
    assert torch.allclose(value, reference_context(f_S, f_T, 1.0, 1.0), rtol=1e-10)
    dot = BCKDContextLoss(relation='dot', chunk_size=None).eval()
    f_T6 = f_T[:, :6]
    assert not torch.allclose(dot(2 * f_S, 2 * f_T6), dot(f_S, f_T6))

@pytest.mark.parametrize('chunk', [1, 4, 7, 15, 100])
def test_chunked_equals_naive_value_and_gradient(chunk):
    torch.manual_seed(chunk)
    f_T = torch.randn(2, 4, 3, 5, dtype=torch.float64)
    grads = []
    for size in (None, chunk):
        f_S = torch.randn(2, 4, 3, 5, dtype=torch.float64, generator=torch.Generator()
                          .manual_seed(0), requires_grad=True)
        value = BCKDContextLoss(chunk_size=size).train()(f_S, f_T)
        value.backward()
        grads.append((value.detach(), f_S.grad))
    assert torch.allclose(grads[0][0], grads[1][0], rtol=1e-12)
    assert torch.allclose(grads[0][1], grads[1][1], rtol=1e-10, atol=1e-14)


def test_chunked_gradcheck_and_teacher_detached():
    torch.manual_seed(3)
    f_S = torch.randn(1, 3, 2, 3, dtype=torch.float64, requires_grad=True)
    f_T = torch.randn(1, 3, 2, 3, dtype=torch.float64, requires_grad=True)
    loss = BCKDContextLoss(chunk_size=4).eval()
    assert torch.autograd.gradcheck(lambda s: loss(s, f_T), (f_S, ))
    loss(f_S, f_T).backward()
    assert f_T.grad is None


def test_temperature_rule_on_teacher_relation_probabilities():
    f_T = torch.zeros(1, 1, 1, 2)
    f_T[..., 0] = 1.0                            # logits {0, 1}: probabilities 0.27 / 0.73
    loss = BCKDContextLoss(chunk_size=1, relation='dot').train()
    loss(torch.randn(1, 1, 1, 2), f_T)
    assert loss.temperature.value == pytest.approx(1.0)     # range 0.46 < 0.5
    f_T[..., 0] = 2.0                            # probabilities 0.12 / 0.88: range 0.76
    loss(torch.randn(1, 1, 1, 2), f_T)
    assert loss.temperature.value == pytest.approx(1.05)
    logits = BCKDContextLoss(chunk_size=1, relation='dot', tau_range_of='logits').train()
    logits(torch.randn(1, 1, 1, 2), f_T * 0.5)              # logit range 1 > 0.5
    assert logits.temperature.value == pytest.approx(1.05)


def test_temperature_stops_at_its_cap_and_is_logged():
    from mmengine.logging import MessageHub
    f_T = torch.zeros(1, 1, 1, 2)
    f_T[..., 0] = 100.0
    loss = BCKDContextLoss(chunk_size=None, relation='dot', tau_max=1.2).train()
    for _ in range(10):
        loss(torch.randn(1, 1, 1, 2), f_T)
    assert loss.temperature.value == pytest.approx(1.2)
    hub = MessageHub.get_current_instance()
    assert hub.get_scalar('train/bckd_cd_tau').current() == pytest.approx(1.2)


def test_chunked_uses_less_peak_memory():
    torch.manual_seed(0)
    f_T = torch.randn(1, 8, 32, 64)              # N = 2048 relation rows
    peaks = {}
    for size in (None, 128):
        f_S = torch.randn(1, 8, 32, 64, requires_grad=True)
        with PeakTensorMemory() as mem:
            BCKDContextLoss(chunk_size=size).train()(f_S, f_T).backward()
        peaks[size] = mem.peak
    full_matrix = 2048 * 2048 * 4
    assert peaks[None] > 2 * full_matrix         # naive holds several N x N matrices
    assert peaks[128] < full_matrix / 2          # chunked never holds one


def test_bad_inputs_name_the_key():
    for key, value in [('chunk_size', 0), ('relation', 'l2'), ('tau_range_of', 'x'),
                       ('relation_scale', 0.0), ('tau_max', 0.5)]:
        with pytest.raises(ValueError, match=key.split('_')[0]):
            BCKDContextLoss(**{key: value})
    with pytest.raises(ValueError, match='feats_S and feats_T'):
        BCKDContextLoss(relation='dot')(torch.randn(1, 4, 2, 2), torch.randn(1, 8, 2, 2))
    with pytest.raises(ValueError, match='same B, h, w'):
        BCKDContextLoss()(torch.randn(1, 4, 2, 2), torch.randn(1, 4, 2, 3))
