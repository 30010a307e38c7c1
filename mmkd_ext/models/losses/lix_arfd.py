"""LIX adaptively-recalibrated feature distillation (ARFD), Eq. (13)-(17)."""
from typing import Callable, Dict, Optional

import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub
from torch import nn

from ...registry import MODELS
from .lix_cka import feature_cka, gram_cka
from .utils import full_precision, math_dtype, to_grid
from .vis_record import VisRecordMixin


def _centred(feat: torch.Tensor) -> torch.Tensor:
    """``F - F_bar``, F_bar the mean over all elements per sample (Eq. 14)."""
    return feat - feat.mean((1, 2), keepdim=True)


def laplace_kernel(feat: torch.Tensor) -> torch.Tensor:
    """Eq. (13): ``exp(-(F - F_bar)^2 / sigma)``, sigma = std of the squared
    distances (population std, per sample). Shapes: (B, C, N) -> (B, C, N)."""
    dist = _centred(feat).square()
    sigma = dist.std((1, 2), correction=0, keepdim=True)
    return torch.exp(-dist / sigma.clamp(min=torch.finfo(feat.dtype).eps))


def gaussian_kernel(feat: torch.Tensor) -> torch.Tensor:
    """``exp(-(F - F_bar)^2 / (2 s^2))``, s^2 = mean of ``(F - F_bar)^2``
    (the variance, per sample). Shapes: (B, C, N) -> (B, C, N)."""
    dist = _centred(feat).square()
    var = dist.mean((1, 2), keepdim=True)
    return torch.exp(-dist / (2 * var.clamp(min=torch.finfo(feat.dtype).eps)))


def linear_kernel(feat: torch.Tensor) -> torch.Tensor:
    """``(F - F_bar) / s``, a standardisation (linear in F), s as above.
    Shapes: (B, C, N) -> (B, C, N)."""
    centred = _centred(feat)
    var = centred.square().mean((1, 2), keepdim=True)
    return centred / var.clamp(min=torch.finfo(feat.dtype).eps).sqrt()


def _pearson(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return F.cosine_similarity(a - a.mean(1, keepdim=True),
                               b - b.mean(1, keepdim=True), dim=1)


KERNELS: Dict[str, Callable] = dict(
    laplace=laplace_kernel, gaussian=gaussian_kernel, linear=linear_kernel,
    none=lambda feat: feat)

GRAMS = ('channels', 'pixels')


def pixel_cka(feat_a: torch.Tensor, feat_b: torch.Tensor) -> torch.Tensor:
    """Linear CKA of the pixel-by-pixel Gram matrices (which pixels look alike).

    Shapes: (B, C_a, N), (B, C_b, N) -> (B,); the channel counts may differ."""
    return feature_cka(feat_a.transpose(1, 2), feat_b.transpose(1, 2))


# Each maps (B, C, N) student/teacher maps to a (B,) distance (0 when equal).
CONSISTENCIES: Dict[str, Callable] = dict(
    cka=lambda s, t: 1 - gram_cka(s, t),
    pixel_cka=lambda s, t: 1 - pixel_cka(s, t),
    cosine=lambda s, t: 1 - F.cosine_similarity(s.flatten(1), t.flatten(1), dim=1),
    pearson=lambda s, t: 1 - _pearson(s.flatten(1), t.flatten(1)),
    euclidean=lambda s, t: (s - t).square().flatten(1).mean(1))


@MODELS.register_module()
class ARFDLoss(VisRecordMixin, nn.Module):
    """LIX Eq. (17) for one feature pair: ``1 - CKA(T_k, S_k)``, batch mean.

    The inputs are the aligned maps ``F_a`` of Eq. (12) (see
    :class:`ARFDAligner`); the larger grid is resized (bilinear) to the
    smaller one, both are recalibrated by ``kernel`` (Eq. 13-14) and compared
    by ``consistency`` (Eq. 15-17). Eq. (17)'s sum over the N feature pairs
    is the sum of one ``ARFDLoss`` entry per pair in ``distill_losses``.
    When asked (:class:`VisRecordMixin`) it records the batch mean of CKA
    (``consistency='cka'`` / ``'pixel_cka'``) or of the other consistency's
    distance; in training it logs the same as ``train/<log_name>``.

    The teacher side (the paper aligns it with a connector too) is detached
    unless ``train_teacher_aligner``: then the teacher's aligner learns from
    this loss, and a guard keeps it a teacher target: ``guard_weight *
    (1 - pixel CKA(aligned teacher map, raw teacher map))``, with the raw
    (recorded, un-aligned) map passed as ``raw_T``. Without the guard the
    aligner could copy the student instead of carrying the teacher.

    Args:
        kernel (str): 'laplace' (Eq. 13), 'gaussian', 'linear' or 'none'.
            Defaults to 'laplace'.
        consistency (str): 'cka' (Eq. 15-16: Gram over the channels),
            'pixel_cka' (Gram over the pixels: sensitive to where features
            fire, and the channel counts may differ, so the raw teacher map
            can be the target), 'cosine', 'pearson' or 'euclidean' (mean
            squared difference). Defaults to 'cka'.
        train_teacher_aligner (bool): Let the teacher-side aligner learn
            (with the guard). Defaults to False.
        guard_weight (float): Weight of the guard. Defaults to 1.0.
        log_name (str, optional): Scalar name of the logged CKA / distance;
            None logs nothing. Defaults to None.
        loss_weight (float): lambda_F of Eq. (18). Defaults to 1.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        preds_S: (B, C, H_S, W_S); preds_T: (B, C, H_T, W_T), same B and (but
        for 'pixel_cka') C; raw_T: (B, C_T, H_T, W_T).
    """

    def __init__(self, kernel: str = 'laplace', consistency: str = 'cka',
                 train_teacher_aligner: bool = False, guard_weight: float = 1.0,
                 log_name: Optional[str] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if kernel not in KERNELS:
            raise ValueError(f'ARFDLoss.kernel must be one of {sorted(KERNELS)}, '
                             f'got {kernel!r}.')
        if consistency not in CONSISTENCIES:
            raise ValueError('ARFDLoss.consistency must be one of '
                             f'{sorted(CONSISTENCIES)}, got {consistency!r}.')
        if guard_weight < 0:
            raise ValueError(f'ARFDLoss.guard_weight must be >= 0, got {guard_weight}.')
        self.kernel = kernel
        self.consistency = consistency
        self.train_teacher_aligner = train_teacher_aligner
        self.guard_weight = guard_weight
        self.log_name = log_name
        self.loss_weight = loss_weight

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
                raw_T: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Recalibrate both aligned maps and measure their inconsistency."""
        if not self.train_teacher_aligner:
            preds_T = preds_T.detach()
        elif raw_T is None:
            raise ValueError('ARFDLoss(train_teacher_aligner=True) needs raw_T, the '
                             "teacher's recorded map before its aligner, in "
                             'loss_forward_mappings (the guard compares the two).')
        preds_T = preds_T.to(math_dtype(preds_T))
        preds_S = preds_S.to(math_dtype(preds_S))
        same_c = self.consistency == 'pixel_cka' or preds_S.shape[1] == preds_T.shape[1]
        if preds_S.shape[0] != preds_T.shape[0] or not same_c:
            raise ValueError(f'ARFDLoss: preds_S {tuple(preds_S.shape)} and preds_T '
                             f'{tuple(preds_T.shape)} differ in B or C; align the '
                             'channels with an ARFDAligner connector.')
        size = (min(preds_S.shape[2], preds_T.shape[2]),
                min(preds_S.shape[3], preds_T.shape[3]))
        # autocast would run CKA's Gram matrix products in half precision
        with full_precision(preds_S):
            feat_S, feat_T = (self._recalibrated(f, size) for f in (preds_S, preds_T))
            distance = CONSISTENCIES[self.consistency](feat_S, feat_T).mean()
            loss = distance
            if self.train_teacher_aligner and self.guard_weight > 0:
                raw = raw_T.detach().to(feat_T.dtype)
                guard = 1 - pixel_cka(feat_T, self._recalibrated(raw, size)).mean()
                loss = loss + self.guard_weight * guard
        similarity = 'cka' in self.consistency
        value = {'CKA': 1 - distance.detach()} if similarity else \
            {f'{self.consistency} distance': distance.detach()}
        if self.vis_requested:
            self.record_vis(value)
        if self.training and self.log_name:
            MessageHub.get_current_instance().update_scalar(
                f'train/{self.log_name}', float(next(iter(value.values()))))
        return self.loss_weight * loss

    def _recalibrated(self, feat: torch.Tensor, size) -> torch.Tensor:
        """Resize to ``size`` (bilinear) and apply the kernel. (B, C, H, W) -> (B, C, N)."""
        return KERNELS[self.kernel](to_grid(feat, size).flatten(2))
