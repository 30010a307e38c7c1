"""Contract: every mmkd_ext distillation loss is float32 math under bf16/fp16 autocast.

Under mixed precision a loss receives half-precision tensors (what an autocast convolution
returns) inside an autocast region. Each registered loss must then return a finite float32
scalar equal to its float32 value and give finite gradients, and a batch whose labels are all
ignored must give exactly 0.

Tolerances:

- ``MATH_RTOL`` (1e-5) compares with float32 math on the *same* half-precision inputs: only the
  precision of the loss's internal math differs, so float32 math agrees to reduction-order
  noise (about 1e-7). A single rounding to bfloat16 moves a value by up to 2^-9 (2e-3), to
  float16 by up to 2^-12 (2.4e-4): any half-precision step inside the loss fails (see
  ``test_tolerance_catches_half_precision_math``).
- ``INPUT_RTOL`` compares with the loss of the original float32 inputs: it bounds the effect of
  rounding the inputs themselves. bfloat16 keeps 8 significant bits (relative rounding up to
  2e-3 per element), float16 keeps 11 (2.4e-4); 2e-2 and 5e-3 allow a relative condition
  number of about 10 and 20 for these O(1) losses.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Dict

import pytest
import torch
from mmrazor.registry import MODELS

import mmkd_ext.models.losses as losses_pkg
from mmkd_ext.models.losses import utils as loss_utils

B, K, IGNORE = 2, 5, 255
DTYPES = (torch.bfloat16, torch.float16)
MATH_RTOL = 1e-5
INPUT_RTOL = {torch.bfloat16: 2e-2, torch.float16: 5e-3}


def logits(*size: int) -> torch.Tensor:
    return 3 * torch.randn(B, K, *size)


def labels(*size: int) -> torch.Tensor:
    y = torch.randint(0, K, (B, *size))
    y[:, :size[0] // 4] = IGNORE  # the top quarter of every image is ignored
    return y


@dataclass
class Case:
    """A registered loss with small typical arguments and inputs (its ``Shapes:``)."""
    name: str
    inputs: Callable[[], dict]
    kwargs: Dict = field(default_factory=dict)
    id: str = ''


CASES = [
    Case('HierarchicalContextLoss', lambda: dict(
        preds_S=[torch.randn(B, 8, 16, 16), torch.randn(B, 16, 8, 8)],
        preds_T=[torch.randn(B, 8, 16, 16), torch.randn(B, 16, 8, 8)])),
    Case('PatchEmbeddingLoss', lambda: dict(
        preds_S=torch.randn(B, 64, 8), preds_T=torch.randn(B, 64, 8))),
    Case('HeteroAKDLoss', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(16, 16), gt_labels=labels(32, 32)), id='bce'),
    Case('HeteroAKDLoss', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(16, 16), gt_labels=labels(32, 32)),
        dict(reliability='ce', tau=2.0), id='ce'),
    Case('HeteroAKDProjectionLoss', lambda: dict(preds=logits(8, 8), gt_labels=labels(32, 32))),
    Case('MaskedPixelKLDivergence', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(16, 16), gt_labels=labels(32, 32)), dict(tau=2.0)),
    Case('ResizedChannelWiseDivergence', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(16, 16)), dict(tau=2.0)),
    Case('BCKDBoundaryLoss', lambda: dict(
        embed_S=torch.randn(B, 4, 12, 12), embed_T=torch.randn(B, 4, 12, 12)), dict(radius=2)),
    Case('BCKDContextLoss', lambda: dict(
        feats_S=torch.randn(B, 8, 10, 12), feats_T=torch.randn(B, 8, 10, 12)),
        dict(chunk_size=32), id='chunked'),
    Case('BCKDContextLoss', lambda: dict(
        feats_S=torch.randn(B, 8, 10, 12), feats_T=torch.randn(B, 8, 10, 12)),
        dict(chunk_size=None), id='naive'),
    Case('ARFDLoss', lambda: dict(
        preds_S=torch.randn(B, 8, 12, 12), preds_T=torch.randn(B, 8, 16, 16))),
    Case('DWLDLoss', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(8, 8), gt_labels=labels(16, 16)),
        dict(num_classes=K), id='controller'),
    Case('DWLDLoss', lambda: dict(
        preds_S=logits(8, 8), preds_T=logits(8, 8), gt_labels=labels(8, 8)),
        dict(num_classes=K, beta=8.0), id='fixed-beta'),
]
IDS = [f'{c.name}-{c.id}' if c.id else c.name for c in CASES]
LABEL_CASES = [(c, i) for c, i in zip(CASES, IDS) if 'gt_labels' in c.inputs()]


def registered_losses() -> set:
    """Names of the classes that mmkd_ext's loss modules register in MMRazor's MODELS."""
    for info in pkgutil.iter_modules(losses_pkg.__path__):
        importlib.import_module(f'{losses_pkg.__name__}.{info.name}')
    return {name for name, cls in MODELS.module_dict.items()
            if cls.__module__.startswith(f'{losses_pkg.__name__}.')}


def cast(inputs: dict, dtype: torch.dtype, grad: bool = False) -> dict:
    """``inputs`` with every float tensor converted to ``dtype`` (new leaves if ``grad``)."""

    def convert(value):
        if isinstance(value, (list, tuple)):
            return [convert(v) for v in value]
        if isinstance(value, torch.Tensor) and value.is_floating_point():
            return value.detach().to(dtype).requires_grad_(grad)
        return value

    return {key: convert(value) for key, value in inputs.items()}


def make_inputs(case: Case, dtype: torch.dtype, grad: bool = False) -> dict:
    """The case's inputs (fixed seed) rounded to ``dtype``."""
    torch.manual_seed(0)
    return cast(case.inputs(), dtype, grad)


def leaves(inputs: dict) -> list:
    flat = [v for value in inputs.values()
            for v in (value if isinstance(value, list) else [value])]
    return [v for v in flat if isinstance(v, torch.Tensor) and v.requires_grad]


def run(case: Case, inputs: dict, autocast_dtype=None):
    """A freshly built loss (same seed, so same parameters) applied to ``inputs``."""
    torch.manual_seed(0)
    loss = MODELS.get(case.name)(**case.kwargs)
    with torch.autocast('cpu', dtype=autocast_dtype or torch.bfloat16,
                        enabled=autocast_dtype is not None):
        return loss, loss(**inputs)


def test_every_registered_loss_has_an_autocast_case():
    missing = registered_losses() - {c.name for c in CASES}
    assert not missing, f'add an autocast case for {sorted(missing)}'


@pytest.mark.parametrize('dtype', DTYPES, ids=str)
@pytest.mark.parametrize('case', CASES, ids=IDS)
def test_loss_is_float32_math_under_autocast(case, dtype):
    half = make_inputs(case, dtype, grad=True)
    loss, out = run(case, half, autocast_dtype=dtype)
    assert out.dtype == torch.float32 and out.dim() == 0 and torch.isfinite(out)

    upcast = cast(half, torch.float32, grad=True)  # the same rounded values, in float32
    _, ref = run(case, upcast)
    torch.testing.assert_close(out, ref, rtol=MATH_RTOL, atol=0)
    _, original = run(case, make_inputs(case, torch.float32))
    torch.testing.assert_close(out, original, rtol=INPUT_RTOL[dtype], atol=0)

    out.backward()
    ref.backward()
    grads = [(x.grad, r.grad) for x, r in zip(leaves(half), leaves(upcast)) if x.grad is not None]
    assert grads, 'no input received a gradient'
    eps = torch.finfo(dtype).eps
    for g, g_ref in grads:  # float32 gradients rounded once to the input dtype
        assert g.dtype == dtype and torch.isfinite(g).all()
        torch.testing.assert_close(g.float(), g_ref.to(dtype).float(), rtol=eps,
                                   atol=eps * float(g_ref.abs().max()))
    assert all(torch.isfinite(p.grad).all() for p in loss.parameters() if p.grad is not None)


@pytest.mark.parametrize('dtype', DTYPES, ids=str)
@pytest.mark.parametrize('case', [c for c, _ in LABEL_CASES], ids=[i for _, i in LABEL_CASES])
def test_all_ignored_labels_give_zero_under_autocast(case, dtype):
    inputs = make_inputs(case, dtype, grad=True)
    inputs['gt_labels'] = torch.full_like(inputs['gt_labels'], IGNORE)
    _, out = run(case, inputs, autocast_dtype=dtype)
    assert out.dtype == torch.float32 and out.item() == 0.0
    out.backward()
    assert all(torch.isfinite(x.grad).all() for x in leaves(inputs) if x.grad is not None)


@pytest.mark.parametrize('dtype', DTYPES, ids=str)
def test_tolerance_catches_half_precision_math(dtype, monkeypatch):
    """Negative control: MaskedPixelKLDivergence with its softmax KL left in half precision."""
    case = next(c for c in CASES if c.name == 'MaskedPixelKLDivergence')
    half = make_inputs(case, dtype)
    _, ref = run(case, cast(half, torch.float32))
    monkeypatch.setattr(loss_utils, 'math_dtype', lambda x: x.dtype)
    _, out = run(case, half, autocast_dtype=dtype)
    assert out.dtype == dtype
    with pytest.raises(AssertionError):
        torch.testing.assert_close(out.float(), ref, rtol=MATH_RTOL, atol=0)
