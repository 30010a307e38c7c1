"""HeteroAKD's distillation term in the aligned logits space (KMM target, KEM weights)."""
from typing import Optional

import torch
import torch.nn.functional as F
from torch import nn

from ...registry import MODELS
from .hetero_akd_kem import KEM_NORMS, knowledge_evaluation
from .hetero_akd_kmm import knowledge_mixing
from .hetero_akd_reliability import (RELIABILITY_MODES, check_class_reduction,
                                     label_reliability, reduce_classes)
from ..utils import check_label_resize, labels_to_grid
from .utils import masked_mean, prepare_pair, softmax_kl_map
from .vis_record import VisRecordMixin

GRIDS = ('finer', 'student', 'teacher')
TARGETS = ('kmm', 'teacher')
DIVERGENCES = ('pixel', 'channel')


def bernoulli_kl_map(logits_S: torch.Tensor, logits_T: torch.Tensor,
                     tau: float) -> torch.Tensor:
    """``tau^2 * KL(Bern(sigma(z_T / tau)) || Bern(sigma(z_S / tau)))`` per element.

    Shapes:
        logits_S, logits_T: (B, K, H, W); returns (B, K, H, W).
    """
    a, b = logits_T / tau, logits_S / tau
    p = torch.sigmoid(a)
    return (tau**2) * (p * (F.logsigmoid(a) - F.logsigmoid(b))
                       + (1 - p) * (F.logsigmoid(-a) - F.logsigmoid(-b)))


def spatial_kl_map(logits_S: torch.Tensor, logits_T: torch.Tensor, tau: float,
                   valid: torch.Tensor) -> torch.Tensor:
    """Non-negative summands of ``tau^2 * KL(softmax_V(z_T / tau) || softmax_V(z_S / tau))``.

    The distributions p_T, p_S run over the valid pixels V of each (image,
    channel), as in CWD (Shu et al., ICCV 2021, Eq. 3). Each pixel's summand is
    the generalised KL term ``p_T log(p_T / p_S) - p_T + p_S >= 0`` (0 only
    where p_S = p_T); its sum over V is that channel's KL, since both
    distributions sum to 1. A per-pixel weight therefore keeps the loss >= 0
    with its minimum at p_S = p_T (a weighted sum of the plain summands
    ``p_T log(p_T / p_S)`` can be driven below 0). Ignored pixels are left out
    of both softmaxes and get 0.

    Shapes:
        logits_S, logits_T: (B, K, H, W); valid: (B, 1, H, W) bool;
        returns (B, K, H, W).
    """
    mask = valid.expand_as(logits_S)
    fill = torch.finfo(logits_S.dtype).min

    def log_softmax(z):
        z = torch.where(mask, z / tau, torch.full_like(z, fill))
        log_p = F.log_softmax(z.flatten(2), dim=2).view_as(z)
        return torch.where(mask, log_p, torch.zeros_like(log_p))

    log_p_T, log_p_S = log_softmax(logits_T), log_softmax(logits_S)
    p_T, p_S = (torch.where(mask, log_p.exp(), torch.zeros_like(log_p))
                for log_p in (log_p_T, log_p_S))
    return (tau**2) * (p_T * (log_p_T - log_p_S) - p_T + p_S)


@MODELS.register_module()
class HeteroAKDLoss(VisRecordMixin, nn.Module):
    """HeteroAKD (Huang et al., AAAI 2025) KD in the aligned logits space.

    With Z_S, Z_T the projected student/teacher logits on one grid and Y the
    labels there (V = non-ignored pixels):

    1. reliability H_T, H_S against Y (:func:`label_reliability`);
    2. KMM: ``Z_hyb = w_T Z_T + (1 - w_T) Z_S``,
       ``w_T = (H_S + eps) / (H_T + H_S + 2 eps)`` (detached);
    3. KEM: ``W = norm(H_S + max(0, H_S - H_hyb))`` (detached);
    4. ``divergence='pixel'``: ``L = w / |V| * sum_{i in V} sum_c W * D(Z_hyb, Z_S)``,
       with D the T^2-scaled KL(target || student) of the same probability
       model as the reliability: per-class Bernoulli KL for ``'bce'`` (W and
       D per pixel and class; ``sum_c`` becomes a mean with
       ``class_reduction='mean'``), softmax KL over classes for ``'ce'`` (per
       pixel).
       ``divergence='channel'``: each class channel is a distribution over
       the valid pixels (CWD's form), ``L = w / B * sum_b sum_c sum_{i in V}
       W * d_c(i)`` with ``d_c(i) >= 0`` the generalised-KL summands of the
       T^2-scaled KL(softmax_V(Z_hyb / T) || softmax_V(Z_S / T))
       (:func:`spatial_kl_map`); ``sum_c`` becomes a mean with
       ``class_reduction='mean'``.

    The paper's equations are reconstructed (no official code); every open
    choice is an argument, see ``configs/heteroakd/README.md``. When asked
    (:class:`VisRecordMixin`) it records the KEM weight map and the KMM
    teacher share ``w_T`` (both averaged over classes) and ``w_T`` per class
    (averaged over the valid pixels).

    Args:
        reliability (str): ``'bce'`` (per-class) or ``'ce'`` (per-pixel).
            Defaults to ``'bce'``.
        tau (float): Distillation temperature T. Defaults to 1.0.
        target (str): ``'kmm'`` (hybrid target) or ``'teacher'`` (KMM off:
            Z_T is the target). Defaults to ``'kmm'``.
        kem_norm (str): ``'spatial'``, ``'class'`` or ``'none'`` (KEM off).
            Defaults to ``'spatial'``.
        kem_tau (float): Temperature of the KEM softmax. Defaults to 1.0.
        kmm_eps (float): KMM epsilon. Defaults to 1e-6.
        grid (str): Common grid: ``'finer'`` of the two (the coarser map is
            upsampled bilinearly), ``'student'`` or ``'teacher'``.
            Defaults to ``'finer'``.
        loss_weight (float): Weight. Defaults to 1.0.
        ignore_index (int): Ignored label. Defaults to 255.
        class_reduction (str): With ``'bce'``, how the K per-class terms of a
            pixel combine: ``'mean'`` (as the public re-implementations; the
            scale of one CE term whatever K) or ``'sum'`` (K times larger; as
            first shipped); with ``divergence='channel'``, how the K channel
            KLs combine. Defaults to 'mean'.
        label_resize (str): How labels reach the loss grid: 'majority' (of each
            cell), 'centre' or 'nearest' (top-left pixel; ablation), see
            :func:`mmkd_ext.models.utils.labels_to_grid`. Defaults to 'majority'.
        divergence (str): ``'pixel'`` (a distribution per pixel, as the public
            re-implementations) or ``'channel'`` (a distribution over the
            pixels per class channel, as CWD). Defaults to 'pixel'.

    Returns:
        Tensor: scalar loss; exactly 0 when every pixel is ignored.

    Shapes:
        preds_S: (B, K, h_s, w_s); preds_T: (B, K, h_t, w_t);
        gt_labels: (B, H, W), any size (resized to the common grid by ``label_resize``,
            majority by default).
    """

    def __init__(self,
                 reliability: str = 'bce',
                 tau: float = 1.0,
                 target: str = 'kmm',
                 kem_norm: str = 'spatial',
                 kem_tau: float = 1.0,
                 kmm_eps: float = 1e-6,
                 grid: str = 'finer',
                 loss_weight: float = 1.0,
                 ignore_index: int = 255,
                 label_resize: str = 'majority',
                 class_reduction: str = 'mean',
                 divergence: str = 'pixel') -> None:
        super().__init__()
        check_class_reduction(class_reduction, 'distill_losses: HeteroAKDLoss.class_reduction')
        self.class_reduction = class_reduction
        check_label_resize(label_resize, 'distill_losses: HeteroAKDLoss.label_resize')
        self.label_resize = label_resize
        checks = dict(reliability=(reliability, RELIABILITY_MODES),
                      target=(target, TARGETS), kem_norm=(kem_norm, KEM_NORMS),
                      grid=(grid, GRIDS), divergence=(divergence, DIVERGENCES))
        for key, (value, allowed) in checks.items():
            if value not in allowed:
                raise ValueError(f'HeteroAKDLoss.{key}={value!r}; use one of {allowed}.')
        if kem_norm == 'class' and reliability == 'ce':
            raise ValueError("HeteroAKDLoss.kem_norm='class' needs per-class "
                             "reliability ('bce'): with reliability='ce' the "
                             'importance is constant over classes.')
        for key, value in dict(tau=tau, kem_tau=kem_tau, kmm_eps=kmm_eps).items():
            if value <= 0:
                raise ValueError(f'HeteroAKDLoss.{key} must be > 0, got {value}.')
        self.reliability = reliability
        self.tau = tau
        self.target = target
        self.kem_norm = kem_norm
        self.kem_tau = kem_tau
        self.kmm_eps = kmm_eps
        self.grid = grid
        self.divergence = divergence
        self.loss_weight = loss_weight
        self.ignore_index = ignore_index

    def _common_grid(self, preds_S: torch.Tensor, preds_T: torch.Tensor):
        size_S, size_T = preds_S.shape[-2:], preds_T.shape[-2:]
        if self.grid == 'student':
            return size_S
        if self.grid == 'teacher':
            return size_T
        return size_T if size_T.numel() > size_S.numel() else size_S

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
                gt_labels: torch.Tensor) -> torch.Tensor:
        """Compute the HeteroAKD distillation loss."""
        preds_S, preds_T = prepare_pair(
            preds_S, preds_T, 'HeteroAKDLoss', size=self._common_grid(preds_S, preds_T),
            hint=' (both projectors need num_classes channels)')
        size = preds_S.shape[-2:]
        labels = labels_to_grid(gt_labels, size, self.label_resize, self.ignore_index)
        valid = (labels != self.ignore_index)[:, None]

        def rel(z):
            return label_reliability(z, labels, self.reliability, self.ignore_index)

        student = preds_S.detach()
        rel_S = rel(student)
        share_T = None
        if self.target == 'kmm':
            target, share_T = knowledge_mixing(preds_T, student, rel(preds_T), rel_S,
                                               self.kmm_eps)
        else:
            target = preds_T
        weight = knowledge_evaluation(rel_S, rel(target), valid, self.kem_norm,
                                      self.kem_tau)
        if self.vis_requested:
            self._record(weight, share_T, valid)
        if self.divergence == 'channel':
            div = reduce_classes(weight * spatial_kl_map(preds_S, target, self.tau, valid),
                                 self.class_reduction)
            return self.loss_weight * div.sum() / preds_S.shape[0]
        if self.reliability == 'bce':
            div = bernoulli_kl_map(preds_S, target, self.tau)
        else:
            div = softmax_kl_map(preds_S, target, self.tau)
        div = reduce_classes(weight * div, self.class_reduction)
        return masked_mean(div, valid, self.loss_weight)

    def _record(self, weight: torch.Tensor, share_T: Optional[torch.Tensor],
                valid: torch.Tensor) -> None:
        """Record KEM's W and KMM's ``w_T`` (None when KMM is off).

        Shapes:
            weight, share_T: (B, C, H, W), C = K or 1; valid: (B, 1, H, W).
        """
        items = {'KEM weight': weight.mean(1)}
        if share_T is not None:
            items['KMM teacher share'] = share_T.mean(1)
            if share_T.shape[1] > 1:
                mask = valid.to(share_T)
                items['KMM teacher share per class'] = (
                    (share_T * mask).sum((2, 3)) / mask.sum((2, 3)).clamp_min(1))
        self.record_vis(items)
