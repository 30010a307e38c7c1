"""Hierarchical context loss (HCL) of Knowledge Review, as used by TransKD."""
from typing import Sequence, Union

import torch
import torch.nn.functional as F
from torch import nn

from ...registry import MODELS
from .utils import math_dtype, prepare_pair
from .vis_record import VisRecordMixin

Maps = Union[torch.Tensor, Sequence[torch.Tensor]]


@MODELS.register_module()
class HierarchicalContextLoss(VisRecordMixin, nn.Module):
    """TransKD Eq. (11) summed over stages with weights beta (Eq. 3).

    Per stage: ``(MSE(S, T) + sum_k 2^-k MSE(P_l S, P_l T)) / (1 + sum_k
    2^-k)`` where ``P_l`` is adaptive average pooling to ``l x l`` and ``k``
    counts the pooled levels actually used (1, 2, ...). A level ``l`` not
    smaller than the map (``l >= min(H, W)``) is skipped, as in the official
    code. Every MSE is a mean over its elements. When asked
    (:class:`VisRecordMixin`) it records each stage's value (before beta).

    Args:
        levels (Sequence[int]): Pooled sizes besides full size.
            Default: (4, 2, 1).
        stage_weights (Sequence[float], optional): beta per stage; None means
            1 for every stage. Default: None.
        loss_weight (float): Weight of the whole term. Default: 1.0.

    Shapes:
        preds_S, preds_T: one map (B, C, H, W) or a sequence of M maps
        (B, C_m, H_m, W_m), same shapes pairwise (the connector aligns them).
        returns: scalar.
    """

    def __init__(self, levels: Sequence[int] = (4, 2, 1),
                 stage_weights: Sequence[float] = None,
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        self.levels = tuple(levels)
        self.stage_weights = stage_weights
        self.loss_weight = loss_weight

    def forward(self, preds_S: Maps, preds_T: Maps) -> torch.Tensor:
        """Weighted sum of per-stage hierarchical MSEs."""
        if isinstance(preds_S, torch.Tensor):
            preds_S, preds_T = [preds_S], [preds_T]
        weights = self.stage_weights or [1.0] * len(preds_S)
        if not len(preds_S) == len(preds_T) == len(weights):
            raise ValueError(
                f'HCL got {len(preds_S)} student maps, {len(preds_T)} teacher '
                f'maps and stage_weights of length {len(weights)}; they must '
                'match (loss stage_weights).')
        loss = preds_S[0].new_zeros((), dtype=math_dtype(preds_S[0]))
        stages = []
        for s, t, beta in zip(preds_S, preds_T, weights):
            if s.shape != t.shape:
                raise ValueError(f'HCL needs equal shapes; got student '
                                 f'{tuple(s.shape)} and teacher '
                                 f'{tuple(t.shape)}.')
            stages.append(self._stage_loss(*prepare_pair(s, t)))
            loss = loss + beta * stages[-1]
        if self.vis_requested:
            self.record_vis({f'stage {i}': v for i, v in enumerate(stages, 1)})
        return self.loss_weight * loss

    def _stage_loss(self, s: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        total = F.mse_loss(s, t)
        weight, norm = 1.0, 1.0
        for level in self.levels:
            if level >= min(s.shape[-2:]):
                continue
            weight /= 2.0
            total = total + weight * F.mse_loss(
                F.adaptive_avg_pool2d(s, level),
                F.adaptive_avg_pool2d(t, level))
            norm += weight
        return total / norm
