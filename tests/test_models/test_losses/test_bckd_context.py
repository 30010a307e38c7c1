"""BCKD context loss (Eq. 4-5): chunked equals naive, and holds far less memory."""
import math

import pytest
import torch

from mmkd_ext.models.losses import BCKDContextLoss
from mmkd_ext.utils import PeakTensorMemory


def reference_context(f_S, f_T, tau, weight):
    """Whole N x N relations, written from Eq. (4)-(5) with row softmax and KL."""
    b, d = f_S.shape[:2]
    q_S, q_T = f_S.reshape(b, d, -1), f_T.reshape(b, d, -1)
    r_S = q_S.transpose(1, 2) @ q_S / math.sqrt(d)
    r_T = q_T.transpose(1, 2) @ q_T / math.sqrt(d)
    p_T = torch.softmax(r_T / tau, -1)
    kl = (p_T * (torch.log(p_T) - torch.log_softmax(r_S / tau, -1))).sum(-1)
    return weight * tau**2 * kl.mean()


def test_naive_matches_reference():
    torch.manual_seed(0)
    f_S, f_T = torch.randn(2, 2, 4, 3, 5, dtype=torch.float64)
    loss = BCKDContextLoss(chunk_size=None, tau_init=1.5, loss_weight=50.0).eval()
    assert torch.allclose(loss(f_S, f_T), reference_context(f_S, f_T, 1.5, 50.0), rtol=1e-10)
    assert loss(f_T, f_T).abs() < 1e-12


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


def test_temperature_uses_teacher_relation_range():
    f_T = torch.zeros(1, 1, 1, 4)
    f_T[..., 0] = 1.0                            # relation logits in {0, 1}: range 1 > 0.5
    loss = BCKDContextLoss(chunk_size=2).train()
    loss(torch.randn(1, 1, 1, 4), f_T)
    assert loss.temperature.value == pytest.approx(1.05)
    loss(torch.randn(1, 1, 1, 4), f_T * 0)       # range 0
    assert loss.temperature.value == pytest.approx(1.05)


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
    with pytest.raises(ValueError, match='chunk_size'):
        BCKDContextLoss(chunk_size=0)
    with pytest.raises(ValueError, match='feats_S and feats_T'):
        BCKDContextLoss()(torch.randn(1, 4, 2, 2), torch.randn(1, 8, 2, 2))
