"""Pixel-wise logit KD with ignore mask and grid alignment (KD on final outputs)."""
from typing import Optional

import torch
from torch import nn

from ...registry import MODELS
from ..utils import check_label_resize
from .utils import masked_mean, prepare_pair, softmax_kl_map, valid_mask


@MODELS.register_module()
class MaskedPixelKLDivergence(nn.Module):
    """Hinton KD per pixel (HeteroAKD's logit term on the final outputs).

    ``L = w / |V| * sum_{i in V} tau^2 KL(p_T,i || p_S,i)``, p = softmax(z / tau)
    over classes, V = non-ignored pixels of the student's grid. Unlike
    MMRazor's ``KLDivergence`` it handles ``ignore_index`` and teacher logits
    on another grid (a CNN at 1/8 vs a Transformer at 1/4): the teacher is
    resized bilinearly to the student's grid.

    Args:
        tau (float): Temperature. Defaults to 1.0.
        loss_weight (float): Weight (HeteroAKD: 0.1). Defaults to 1.0.
        ignore_index (int): Ignored label. Defaults to 255.
        label_resize (str): How labels reach the loss grid: 'majority' (of each
            cell), 'centre' or 'nearest' (top-left pixel; ablation), see
            :func:`mmkd_ext.models.utils.labels_to_grid`. Defaults to 'majority'.

    Returns:
        Tensor: scalar loss; exactly 0 when every pixel is ignored.

    Shapes:
        preds_S: (B, K, h, w); preds_T: (B, K, h', w');
        gt_labels: (B, H, W) any size (resized to (h, w) by ``label_resize``), or
        None (all valid).
    """

    def __init__(self, tau: float = 1.0, loss_weight: float = 1.0,
                 ignore_index: int = 255, label_resize: str = 'majority') -> None:
        super().__init__()
        check_label_resize(label_resize, 'distill_losses: MaskedPixelKLDivergence.label_resize')
        self.label_resize = label_resize
        if tau <= 0:
            raise ValueError(f'MaskedPixelKLDivergence.tau must be > 0, got {tau}.')
        self.tau = tau
        self.loss_weight = loss_weight
        self.ignore_index = ignore_index

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
                gt_labels: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Compute the masked pixel-wise KD loss."""
        preds_S, preds_T = prepare_pair(preds_S, preds_T, 'MaskedPixelKLDivergence',
                                        size=preds_S.shape[-2:])
        kl = softmax_kl_map(preds_S, preds_T, self.tau)
        valid = valid_mask(gt_labels, kl, self.label_resize, self.ignore_index)
        return masked_mean(kl, valid, self.loss_weight)
