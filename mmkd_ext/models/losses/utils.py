"""Maths every distillation loss shares: precision, the student/teacher pair, masks.

A loss's ``forward`` starts with :func:`prepare_pair` (teacher detached, both sides in
at least float32, shapes checked, optionally one grid), takes its valid pixels from
:func:`valid_mask` and ends with :func:`masked_mean`; what lies between is its
equation. Ops that must not run in half precision under autocast (Gram matrices,
relation einsums, the DWLD controller) run inside :func:`full_precision`.
"""
from contextlib import AbstractContextManager
from typing import Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmseg.models.utils import resize

from ..utils import labels_to_grid


def math_dtype(x: torch.Tensor) -> torch.dtype:
    """At least float32: fp16/bf16 inputs are upcast, float64 stays float64."""
    return torch.promote_types(x.dtype, torch.float32)


def full_precision(x: torch.Tensor) -> AbstractContextManager:
    """Autocast switched off on ``x``'s device (ops run in their inputs' dtype)."""
    return torch.autocast(x.device.type, enabled=False)


def to_grid(x: torch.Tensor, size: Sequence[int]) -> torch.Tensor:
    """``x`` (B, C, h, w) resized bilinearly to ``size`` (returned as is if already)."""
    if tuple(x.shape[-2:]) == tuple(size):
        return x
    return resize(x, size=tuple(size), mode='bilinear', align_corners=False)


def prepare_pair(preds_S: torch.Tensor, preds_T: torch.Tensor, owner: str = '',
                 size: Optional[Sequence[int]] = None,
                 hint: str = '') -> Tuple[torch.Tensor, torch.Tensor]:
    """The preamble of a loss: detach the teacher, upcast, check, one grid.

    Args:
        preds_S (Tensor): student side, (B, K, h, w) or any shape.
        preds_T (Tensor): teacher side; detached here.
        owner (str): the loss's name; when given, B and K must agree and the error
            names it. Defaults to '' (no check).
        size (Sequence[int], optional): resize both sides bilinearly to this grid.
            Defaults to None (sizes kept).
        hint (str): appended to the shape error (how to fix it). Defaults to ''.

    Returns:
        tuple[Tensor, Tensor]: ``(preds_S, preds_T)`` in at least float32.
    """
    preds_T = preds_T.detach().to(math_dtype(preds_T))
    preds_S = preds_S.to(math_dtype(preds_S))
    if owner and preds_T.shape[:2] != preds_S.shape[:2]:
        raise ValueError(f'{owner}: preds_S {tuple(preds_S.shape)} and preds_T '
                         f'{tuple(preds_T.shape)} differ in B or K{hint}.')
    if size is not None:
        preds_S, preds_T = to_grid(preds_S, size), to_grid(preds_T, size)
    return preds_S, preds_T


def valid_mask(gt_labels: Optional[torch.Tensor], like: torch.Tensor, label_resize: str,
               ignore_index: int) -> torch.Tensor:
    """Non-ignored pixels of ``like``'s grid, (B, 1, h, w) bool.

    Args:
        gt_labels (Tensor, optional): (B, H, W) labels at any size, brought to the
            grid by :func:`mmkd_ext.models.utils.labels_to_grid`; None: all valid.
        like (Tensor): (B, *, h, w) map whose grid the mask is on.
        label_resize (str): 'majority', 'centre' or 'nearest'.
        ignore_index (int): the ignored label.
    """
    if gt_labels is None:
        return torch.ones_like(like[:, :1], dtype=torch.bool)
    labels = labels_to_grid(gt_labels, like.shape[-2:], label_resize, ignore_index)
    return (labels != ignore_index)[:, None]


def masked_mean(values: torch.Tensor, valid: torch.Tensor,
                weight: float = 1.0) -> torch.Tensor:
    """``weight * sum(values over valid) / |valid|``; exactly 0 when none is valid.

    Args:
        values (Tensor): (B, 1, h, w) per-pixel loss (or broadcastable to ``valid``).
        valid (Tensor): (B, 1, h, w) bool.
        weight (float): loss weight. Defaults to 1.0.
    """
    values = torch.where(valid, values, torch.zeros_like(values))
    return weight * values.sum() / valid.sum().clamp_min(1)


def softmax_kl_map(logits_S: torch.Tensor, logits_T: torch.Tensor,
                   tau: float) -> torch.Tensor:
    """``tau^2 * KL(softmax(z_T / tau) || softmax(z_S / tau))`` per pixel.

    Shapes:
        logits_S, logits_T: (B, K, H, W); returns (B, 1, H, W).
    """
    log_p_T = F.log_softmax(logits_T / tau, dim=1)
    log_p_S = F.log_softmax(logits_S / tau, dim=1)
    return (tau**2) * (log_p_T.exp() * (log_p_T - log_p_S)).sum(1, keepdim=True)
