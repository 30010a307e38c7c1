"""LIX dynamically-weighted logit distillation (DWLD): pixel-wise DKD."""
from typing import Optional

import torch
from mmrazor.registry import MODELS
from torch import nn

from .dwld_controller import _OMEGA_SOURCES, DynamicWeightController
from ..utils import check_label_resize, labels_to_grid
from .masked_pixel_kl import math_dtype
from .vis_record import VisRecordMixin

# Eq. (11)'s delta: a finite "large value" (MMRazor's DKDLoss uses the same).
_DELTA = 1000.0


@MODELS.register_module()
class DWLDLoss(VisRecordMixin, nn.Module):
    """LIX Eq. (9)-(11): ``alpha * TCLD + sum_i beta_i * NCLD_i`` per pixel.

    With ``P = softmax(Z / tau)``, target k from the label, and per pixel:

    - TCLD = ``KL(b_T || b_S)``, ``b = [P_k, sum_{i!=k} P_i]`` (Eq. 3, 10);
    - NCLD_i = ``q_T,i log(q_T,i / q_S,i) - q_T,i + q_S,i``,
      ``q = softmax(Z / tau - delta*1_k)`` (Eq. 11), summed over classes with
      the weight ``beta_i`` (Eq. 9).

    Departure from Eq. (9): its per-logit term ``q_T,i log(q_T,i / q_S,i)``
    is negative wherever ``q_S,i > q_T,i``, so a controller trained by this
    loss learns large ``beta_i`` there and drives the loss below 0, pushing
    the student *away* from the teacher (measured: -1.05 after 300 tiny
    iterations). The added ``- q_T,i + q_S,i`` terms sum to 0 over the
    classes, so NCLD and its gradient are unchanged for a fixed ``beta``
    (DKD), while every per-logit term is >= 0 and the weighted loss is too.

    ``beta`` is either a fixed number (plain pixel DKD, Eq. 4, the ablation
    baseline; equal to MMRazor's ``DKDLoss`` on (N, C) logits) or given by a
    :class:`DynamicWeightController` (Eq. 6-8). The loss is ``tau^2`` times
    the mean over non-ignored pixels, times ``loss_weight``. When asked
    (:class:`VisRecordMixin`) it records the map of the controller's ``beta``
    averaged over the non-target logits (the ones NCLD weighs).

    Args:
        num_classes (int): C. Needed for the controller.
        tau (float): Temperature. Defaults to 1.0.
        alpha (float): TCLD weight. Defaults to 1.0 (Eq. 3).
        beta (float, optional): Fixed NCLD weight; None uses the controller.
            Defaults to None.
        controller (dict, optional): Arguments of
            :class:`DynamicWeightController` (hidden_channels, num_layers,
            beta_min, beta_max, use_entropy, dropout). Defaults to None (its
            defaults: 3 layers, 64 wide, [1, 10], entropy on, no dropout).
        omega_source (str): Logits that feed the controller, 'student'
            (Eq. 8) or 'teacher'. Defaults to 'student'.
        detach_omega (bool): Stop gradients from the controller's input into
            the network that produced it. Defaults to True.
        ignore_index (int): Ignored label. Defaults to 255.
        label_resize (str): How labels reach the loss grid: 'majority' (of each
            cell), 'centre' or 'nearest' (top-left pixel; ablation), see
            :func:`mmkd_ext.models.utils.labels_to_grid`. Defaults to 'majority'.
        loss_weight (float): lambda_L of Eq. (18). Defaults to 1.0.

    Returns:
        Tensor: scalar loss; exactly 0 when every pixel is ignored.

    Shapes:
        preds_S, preds_T: (B, C, H, W) on the same grid;
        gt_labels: (B, H', W') int, resized nearest to (H, W) if needed.
    """

    def __init__(self, num_classes: int, tau: float = 1.0, alpha: float = 1.0,
                 beta: Optional[float] = None,
                 controller: Optional[dict] = None,
                 omega_source: str = 'student', detach_omega: bool = True,
                 ignore_index: int = 255, loss_weight: float = 1.0,
                 label_resize: str = 'majority') -> None:
        super().__init__()
        check_label_resize(label_resize, 'distill_losses: DWLDLoss.label_resize')
        self.label_resize = label_resize
        if tau <= 0:
            raise ValueError(f'DWLDLoss.tau must be > 0, got {tau}.')
        if omega_source not in _OMEGA_SOURCES:
            raise ValueError(f'DWLDLoss.omega_source must be one of {_OMEGA_SOURCES}, '
                             f'got {omega_source!r}.')
        if beta is not None and controller is not None:
            raise ValueError('DWLDLoss: give either a fixed beta or a controller, not both.')
        self.num_classes = num_classes
        self.tau = tau
        self.alpha = alpha
        self.beta = beta
        self.omega_source = omega_source
        self.detach_omega = detach_omega
        self.ignore_index = ignore_index
        self.loss_weight = loss_weight
        self.controller = None if beta is not None else DynamicWeightController(
            num_classes, **(controller or {}))

    def nc_weights(self, preds_S: torch.Tensor,
                   preds_T: torch.Tensor) -> torch.Tensor:
        """The NCLD weights ``beta``: fixed, or Eq. (7) from the controller.

        Shapes:
            preds_S, preds_T: (B, C, H, W) -> (B, C, H, W) or a 0-dim tensor.
        """
        if self.controller is None:
            return preds_S.new_tensor(self.beta)
        logits = preds_S if self.omega_source == 'student' else preds_T
        if self.detach_omega:
            logits = logits.detach()
        # autocast would run the controller's convolutions in half precision
        with torch.autocast(logits.device.type, enabled=False):
            return self.controller(logits).to(preds_S.dtype)

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
                gt_labels: torch.Tensor) -> torch.Tensor:
        """Compute DWLD (Eq. 9) averaged over non-ignored pixels."""
        preds_T = preds_T.detach().to(math_dtype(preds_T))
        preds_S = preds_S.to(math_dtype(preds_S))
        if preds_S.shape != preds_T.shape or preds_S.shape[1] != self.num_classes:
            raise ValueError(f'DWLDLoss: preds_S {tuple(preds_S.shape)} and preds_T '
                             f'{tuple(preds_T.shape)} must both be (B, num_classes='
                             f'{self.num_classes}, H, W).')
        labels = labels_to_grid(gt_labels, preds_S.shape[-2:], self.label_resize,
                                self.ignore_index)
        valid = labels != self.ignore_index
        target = torch.where(valid, labels, torch.zeros_like(labels))
        is_target = torch.zeros_like(preds_S, dtype=torch.bool).scatter_(
            1, target[:, None], True)
        z_S, z_T = preds_S / self.tau, preds_T / self.tau
        tcld = _binary_kl(z_S, z_T, is_target)
        shift = _DELTA * is_target.to(z_S.dtype)
        log_q_S = torch.log_softmax(z_S - shift, dim=1)
        log_q_T = torch.log_softmax(z_T - shift, dim=1)
        # per-logit generalised KL: >= 0 for every logit, sums to NCLD = KL(q_T || q_S)
        q_T = log_q_T.exp()
        ncld = q_T * (log_q_T - log_q_S) - q_T + log_q_S.exp()
        beta = self.nc_weights(preds_S, preds_T)
        if self.vis_requested and self.controller is not None:
            self.record_vis({'beta': (beta * ~is_target).sum(1) / (self.num_classes - 1)})
        per_pixel = self.alpha * tcld + (beta * ncld).sum(1)
        per_pixel = torch.where(valid, per_pixel, torch.zeros_like(per_pixel))
        loss = per_pixel.sum() / valid.sum().clamp(min=1)
        return self.loss_weight * self.tau**2 * loss


def _binary_kl(z_S: torch.Tensor, z_T: torch.Tensor,
               is_target: torch.Tensor) -> torch.Tensor:
    """TCLD, Eq. (10): ``KL(b_T || b_S)`` with ``b = [P_k, 1 - P_k]``.

    Shapes:
        z_S, z_T: (B, C, H, W) logits; is_target: (B, C, H, W) bool;
        returns (B, H, W).
    """
    p_S, p_T = torch.softmax(z_S, 1), torch.softmax(z_T, 1)
    b_S = torch.stack([(p_S * is_target).sum(1), (p_S * ~is_target).sum(1)])
    b_T = torch.stack([(p_T * is_target).sum(1), (p_T * ~is_target).sum(1)])
    return (torch.xlogy(b_T, b_T) - b_T * torch.log(b_S)).sum(0)
