import pytest
import torch

from mmkd_ext.models import TransKDPEAConnector


def test_pea_matches_reference_and_shape():
    torch.manual_seed(0)
    m = TransKDPEAConnector(3, 5).double()
    e = torch.randn(2, 7, 3, dtype=torch.float64)
    w, b = m.proj.weight, m.proj.bias
    expected = torch.einsum('bnc,tc->bnt', e, w) + b  # E W_e (Eq. 4), token by token
    got = m(e)
    assert got.shape == (2, 7, 5)
    assert torch.allclose(got, expected, rtol=1e-12)


def test_pea_rejects_maps():
    with pytest.raises(ValueError, match='data_idx=0'):
        TransKDPEAConnector(3, 5)(torch.randn(2, 3, 4, 4))
