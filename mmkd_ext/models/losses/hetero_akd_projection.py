"""Ground-truth supervision of HeteroAKD's logit-space projectors."""
import torch
from torch import nn

from ...registry import MODELS
from .hetero_akd_reliability import (RELIABILITY_MODES, check_class_reduction,
                                     label_reliability, reduce_classes)
from ..utils import check_label_resize, labels_to_grid
from .utils import math_dtype


@MODELS.register_module()
class HeteroAKDProjectionLoss(nn.Module):
    """Supervise projected logits with the labels: ``L = w / |V| sum_i r_c H``.

    H is :func:`label_reliability` (per-class BCE or softmax CE), reduced over
    its channels (``r_c``: mean or sum), averaged over non-ignored pixels V. The KMM/KEM target is
    detached, so without this term the teacher-side projector would never
    learn (the teacher itself stays frozen: its features are recorded under
    ``no_grad``; only the projector receives gradients). Use the same
    ``reliability`` as :class:`HeteroAKDLoss`, so the projectors are trained
    for the probability model that rates them.

    Args:
        reliability (str): ``'bce'`` or ``'ce'``. Defaults to ``'bce'``.
        loss_weight (float): Weight. Defaults to 1.0.
        ignore_index (int): Ignored label. Defaults to 255.
        class_reduction (str): With ``'bce'``, how the K per-class terms of a
            pixel combine: ``'mean'`` (as the public re-implementations; the
            scale of one CE term whatever K) or ``'sum'`` (K times larger; as
            first shipped). Defaults to 'mean'.
        label_resize (str): How labels reach the loss grid: 'majority' (of each
            cell), 'centre' or 'nearest' (top-left pixel; ablation), see
            :func:`mmkd_ext.models.utils.labels_to_grid`. Defaults to 'majority'.

    Returns:
        Tensor: scalar loss; 0 when every pixel is ignored.

    Shapes:
        preds: (B, K, h, w); gt_labels: (B, H, W), any size (resized to h, w by
            ``label_resize``, majority by default).
    """

    def __init__(self, reliability: str = 'bce', loss_weight: float = 1.0,
                 ignore_index: int = 255, label_resize: str = 'majority',
                 class_reduction: str = 'mean') -> None:
        super().__init__()
        check_class_reduction(class_reduction, 'distill_losses: HeteroAKDProjectionLoss.class_reduction')
        self.class_reduction = class_reduction
        check_label_resize(label_resize, 'distill_losses: HeteroAKDProjectionLoss.label_resize')
        self.label_resize = label_resize
        if reliability not in RELIABILITY_MODES:
            raise ValueError(f'HeteroAKDProjectionLoss.reliability={reliability!r}; '
                             f'use one of {RELIABILITY_MODES}.')
        self.reliability = reliability
        self.loss_weight = loss_weight
        self.ignore_index = ignore_index

    def forward(self, preds: torch.Tensor, gt_labels: torch.Tensor) -> torch.Tensor:
        """Compute the projector supervision loss."""
        preds = preds.to(math_dtype(preds))
        labels = labels_to_grid(gt_labels, preds.shape[-2:], self.label_resize,
                                self.ignore_index)
        h = label_reliability(preds, labels, self.reliability, self.ignore_index)
        valid = (labels != self.ignore_index).sum()
        h = reduce_classes(h, self.class_reduction)
        return self.loss_weight * h.sum() / valid.clamp_min(1)
