"""LIX adaptively-recalibrated feature distillation (ARFD), Eq. (13)-(17)."""
from typing import Callable, Dict

import torch
import torch.nn.functional as F
from mmrazor.registry import MODELS
from mmseg.models.utils import resize
from torch import nn

from .cka import gram_cka
from .masked_pixel_kl import math_dtype
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

# Each maps (B, C, N) student/teacher maps to a (B,) distance (0 when equal).
CONSISTENCIES: Dict[str, Callable] = dict(
    cka=lambda s, t: 1 - gram_cka(s, t),
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
    (``consistency='cka'``) or of the other consistency's distance.

    Args:
        kernel (str): 'laplace' (Eq. 13), 'gaussian', 'linear' or 'none'.
            Defaults to 'laplace'.
        consistency (str): 'cka' (Eq. 15-16), 'cosine', 'pearson' or
            'euclidean' (mean squared difference). Defaults to 'cka'.
        loss_weight (float): lambda_F of Eq. (18). Defaults to 1.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        preds_S: (B, C, H_S, W_S); preds_T: (B, C, H_T, W_T), same B and C.
    """

    def __init__(self, kernel: str = 'laplace', consistency: str = 'cka',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if kernel not in KERNELS:
            raise ValueError(f'ARFDLoss.kernel must be one of {sorted(KERNELS)}, '
                             f'got {kernel!r}.')
        if consistency not in CONSISTENCIES:
            raise ValueError('ARFDLoss.consistency must be one of '
                             f'{sorted(CONSISTENCIES)}, got {consistency!r}.')
        self.kernel = kernel
        self.consistency = consistency
        self.loss_weight = loss_weight

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor) -> torch.Tensor:
        """Recalibrate both aligned maps and measure their inconsistency."""
        preds_T = preds_T.detach().to(math_dtype(preds_T))
        preds_S = preds_S.to(math_dtype(preds_S))
        if preds_S.shape[:2] != preds_T.shape[:2]:
            raise ValueError(f'ARFDLoss: preds_S {tuple(preds_S.shape)} and preds_T '
                             f'{tuple(preds_T.shape)} differ in B or C; align the '
                             'channels with an ARFDAligner connector.')
        size = (min(preds_S.shape[2], preds_T.shape[2]),
                min(preds_S.shape[3], preds_T.shape[3]))
        feats = []
        # autocast would run CKA's Gram matrix products in half precision
        with torch.autocast(preds_S.device.type, enabled=False):
            for feat in (preds_S, preds_T):
                if tuple(feat.shape[-2:]) != size:
                    feat = resize(feat, size=size, mode='bilinear', align_corners=False)
                feats.append(KERNELS[self.kernel](feat.flatten(2)))
            distance = CONSISTENCIES[self.consistency](*feats).mean()
        if self.vis_requested:
            self.record_vis({'CKA': 1 - distance} if self.consistency == 'cka' else
                            {f'{self.consistency} distance': distance})
        return self.loss_weight * distance
