"""Pixel-wise logit KD with ignore mask and grid alignment (KD on final outputs)."""
from typing import Optional

import torch
import torch.nn.functional as F
from mmrazor.registry import MODELS
from mmseg.models.utils import resize
from torch import nn

from ..utils import check_label_resize, labels_to_grid


def math_dtype(x: torch.Tensor) -> torch.dtype:
    """At least float32: fp16/bf16 inputs are upcast, float64 stays float64."""
    return torch.promote_types(x.dtype, torch.float32)


def softmax_kl_map(logits_S: torch.Tensor, logits_T: torch.Tensor,
                   tau: float) -> torch.Tensor:
    """``tau^2 * KL(softmax(z_T / tau) || softmax(z_S / tau))`` per pixel.

    Shapes:
        logits_S, logits_T: (B, K, H, W); returns (B, 1, H, W).
    """
    log_p_T = F.log_softmax(logits_T / tau, dim=1)
    log_p_S = F.log_softmax(logits_S / tau, dim=1)
    return (tau**2) * (log_p_T.exp() * (log_p_T - log_p_S)).sum(1, keepdim=True)


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
        preds_T = preds_T.detach().to(math_dtype(preds_T))
        preds_S = preds_S.to(math_dtype(preds_S))
        if preds_T.shape[:2] != preds_S.shape[:2]:
            raise ValueError(f'MaskedPixelKLDivergence: preds_S {tuple(preds_S.shape)} '
                             f'and preds_T {tuple(preds_T.shape)} differ in B or K.')
        size = preds_S.shape[-2:]
        if preds_T.shape[-2:] != size:
            preds_T = resize(preds_T, size=size, mode='bilinear', align_corners=False)
        kl = softmax_kl_map(preds_S, preds_T, self.tau)
        if gt_labels is None:
            valid = torch.ones_like(kl, dtype=torch.bool)
        else:
            valid = (labels_to_grid(gt_labels, size, self.label_resize, self.ignore_index)
                     != self.ignore_index)[:, None]
        kl = torch.where(valid, kl, torch.zeros_like(kl))
        return self.loss_weight * kl.sum() / valid.sum().clamp_min(1)
