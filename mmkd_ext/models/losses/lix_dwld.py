"""LIX dynamically-weighted logit distillation (DWLD): pixel-wise DKD."""
from typing import Optional

import torch
from mmengine.logging import MessageHub
from torch import nn

from ...registry import MODELS
from .lix_dwld_controller import (_OMEGA_SOURCES, WEIGHT_RULES, DynamicWeightController,
                              entropy_weights, lookahead_task_loss)
from ..utils import check_label_resize, labels_to_grid
from .utils import full_precision, masked_mean, prepare_pair, to_grid
from .vis_record import VisRecordMixin

# Eq. (11)'s delta: a finite "large value" (MMRazor's DKDLoss uses the same).
_DELTA = 1000.0
_SPLIT_GRIDS = ('labels', 'logits')
# at most this many beta values enter the logged quantiles (torch.quantile's limit is 2^24)
_QUANTILE_SAMPLES = 1 << 20


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
    baseline; equal to MMRazor's ``DKDLoss`` on (N, C) logits) or follows
    ``weight_rule``: a :class:`DynamicWeightController` (Eq. 6-8) trained by a
    look-ahead objective (``'lookahead'``, see
    :func:`~mmkd_ext.models.losses.lix_dwld_controller.lookahead_task_loss`; the
    student's loss then uses ``beta`` detached, and the objective enters the
    returned value as ``o - o.detach()``: its gradient reaches the controller
    only and the value stays DWLD's), the controller trained by this loss
    (``'self'``, the paper's text; it collapses to ``beta_min``), or the
    parameter-free :func:`entropy_weights` (``'entropy'``). The loss is
    ``tau^2`` times the mean over non-ignored pixels, times ``loss_weight``.
    In training it logs the mean and the 5 / 95 % quantiles of ``beta`` over
    the non-target logits of valid pixels as ``train/<log_name>_mean`` etc.
    When asked (:class:`VisRecordMixin`) it records the map of ``beta``
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
            defaults: 3 layers, 64 wide, [1, 10], entropy on, no dropout);
            ``'entropy'`` reads only beta_min and beta_max.
        weight_rule (str): 'lookahead', 'self' or 'entropy' (above).
            Defaults to 'lookahead'.
        lookahead_lr (float): Virtual step size on the logits of the
            'lookahead' rule. Defaults to 1.0.
        split_grid (str): Where the target / non-target split is made:
            'labels' (the logits are upsampled bilinearly to the labels'
            grid, as mmseg's CE does) or 'logits' (labels resized to the
            logits' grid by ``label_resize``). Defaults to 'labels'.
        log_name (str, optional): Prefix of the logged beta statistics;
            None logs nothing. Defaults to 'dwld_beta'.
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
        gt_labels: (B, H', W') int; 'labels' computes on (H', W'), 'logits'
        resizes the labels to (H, W).
    """

    def __init__(self, num_classes: int, tau: float = 1.0, alpha: float = 1.0,
                 beta: Optional[float] = None,
                 controller: Optional[dict] = None,
                 omega_source: str = 'student', detach_omega: bool = True,
                 ignore_index: int = 255, loss_weight: float = 1.0,
                 label_resize: str = 'majority', weight_rule: str = 'lookahead',
                 lookahead_lr: float = 1.0, split_grid: str = 'labels',
                 log_name: Optional[str] = 'dwld_beta') -> None:
        super().__init__()
        if weight_rule not in WEIGHT_RULES:
            raise ValueError(f'DWLDLoss.weight_rule={weight_rule!r}: choose one of '
                             f'{WEIGHT_RULES}.')
        if split_grid not in _SPLIT_GRIDS:
            raise ValueError(f'DWLDLoss.split_grid={split_grid!r}: choose one of '
                             f'{_SPLIT_GRIDS}.')
        if lookahead_lr <= 0:
            raise ValueError(f'DWLDLoss.lookahead_lr must be > 0, got {lookahead_lr}.')
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
        self.weight_rule = 'fixed' if beta is not None else weight_rule
        self.lookahead_lr = lookahead_lr
        self.split_grid = split_grid
        self.log_name = log_name
        controller = dict(controller or {})
        if self.weight_rule == 'entropy':
            unused = sorted(set(controller) - {'beta_min', 'beta_max'})
            if unused:
                raise ValueError(f"DWLDLoss.controller keys {unused} have no effect with "
                                 "weight_rule='entropy' (it reads beta_min, beta_max).")
            self.beta_range = (controller.get('beta_min', 1.0),
                               controller.get('beta_max', 10.0))
        self.controller = DynamicWeightController(num_classes, **controller) \
            if self.weight_rule in ('lookahead', 'self') else None

    def nc_weights(self, preds_S: torch.Tensor,
                   preds_T: torch.Tensor) -> torch.Tensor:
        """The NCLD weights ``beta``: fixed, or Eq. (7) from the controller.

        Shapes:
            preds_S, preds_T: (B, C, H, W) -> (B, C, H, W), (B, 1, H, W) for
            'entropy' or a 0-dim tensor for a fixed beta.
        """
        if self.weight_rule == 'fixed':
            return preds_S.new_tensor(self.beta)
        logits = preds_S if self.omega_source == 'student' else preds_T
        if self.detach_omega:
            logits = logits.detach()
        if self.weight_rule == 'entropy':
            return entropy_weights(logits.detach(), *self.beta_range)
        # autocast would run the controller's convolutions in half precision
        with full_precision(logits):
            return self.controller(logits).to(preds_S.dtype)

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
                gt_labels: torch.Tensor) -> torch.Tensor:
        """Compute DWLD (Eq. 9) averaged over non-ignored pixels."""
        preds_S, preds_T = prepare_pair(preds_S, preds_T)
        if preds_S.shape != preds_T.shape or preds_S.shape[1] != self.num_classes:
            raise ValueError(f'DWLDLoss: preds_S {tuple(preds_S.shape)} and preds_T '
                             f'{tuple(preds_T.shape)} must both be (B, num_classes='
                             f'{self.num_classes}, H, W).')
        # the weights come from the logits' own grid (the controller is per pixel, and
        # 64x fewer pixels at stride 8); on the label grid they are upsampled with the logits
        beta = beta_coarse = self.nc_weights(preds_S, preds_T)
        lookahead = self.weight_rule == 'lookahead'
        on_labels = self.split_grid == 'labels' and preds_S.shape[-2:] != gt_labels.shape[-2:]
        # the logits' grid is needed for the split there, or for the look-ahead objective
        coarse = self._split(preds_S, preds_T, gt_labels) \
            if lookahead or not on_labels else None
        fine = coarse
        if on_labels:
            size = gt_labels.shape[-2:]
            fine = self._split(to_grid(preds_S, size), to_grid(preds_T, size), gt_labels)
            if beta.dim():
                beta = to_grid(beta, size)
        per_pixel = self._per_pixel(fine, fine['preds_S'], beta.detach() if lookahead else beta)
        valid = fine['valid']
        loss = masked_mean(per_pixel, valid, self.loss_weight)
        if lookahead and self.training and torch.is_grad_enabled():
            # the controller's objective on the logits' grid (labels by label_resize)
            objective = lookahead_task_loss(
                coarse['preds_S'], beta_coarse,
                lambda logits, b: self._per_pixel(coarse, logits, b), coarse['target'],
                coarse['valid'], self.lookahead_lr)
            loss = loss + (objective - objective.detach())
        if self.weight_rule != 'fixed':
            is_target = fine['is_target']
            nc_beta = (beta.expand_as(is_target) * ~is_target).sum(1) / (self.num_classes - 1)
            if self.vis_requested:
                self.record_vis({'beta': nc_beta})
            if self.training and self.log_name:
                self._log_beta(beta.detach().expand_as(is_target)[~is_target & valid[:, None]])
        return loss

    def _split(self, preds_S: torch.Tensor, preds_T: torch.Tensor,
               gt_labels: torch.Tensor) -> dict:
        """Logits with the labels, valid pixels and target mask on their grid."""
        labels = labels_to_grid(gt_labels, preds_S.shape[-2:], self.label_resize,
                                self.ignore_index)
        valid = labels != self.ignore_index
        target = torch.where(valid, labels, torch.zeros_like(labels))
        is_target = torch.zeros_like(preds_S, dtype=torch.bool).scatter_(
            1, target[:, None], True)
        return dict(preds_S=preds_S, preds_T=preds_T, valid=valid, target=target,
                    is_target=is_target)

    def _per_pixel(self, split: dict, logits_S: torch.Tensor,
                   beta: torch.Tensor) -> torch.Tensor:
        """``tau^2 (alpha TCLD + sum_i beta_i NCLD_i)`` per pixel, (B, H, W)."""
        z_S, z_T = logits_S / self.tau, split['preds_T'] / self.tau
        ncld = _generalised_ncld(z_S, z_T, split['is_target'])
        return self.tau**2 * (self.alpha * _binary_kl(z_S, z_T, split['is_target'])
                              + (beta * ncld).sum(1))

    def _log_beta(self, values: torch.Tensor) -> None:
        """Log mean and 5 / 95 % quantiles of the non-target weights."""
        if not values.numel():
            return
        values = values.float()
        sample = values[::max(values.numel() // _QUANTILE_SAMPLES, 1)]
        p05, p95 = torch.quantile(sample, sample.new_tensor([0.05, 0.95])).tolist()
        hub = MessageHub.get_current_instance()
        for key, value in (('mean', float(values.mean())), ('p05', p05), ('p95', p95)):
            hub.update_scalar(f'train/{self.log_name}_{key}', value)


def _generalised_ncld(z_S: torch.Tensor, z_T: torch.Tensor,
                      is_target: torch.Tensor) -> torch.Tensor:
    """Per-logit NCLD (Eq. 11 with the generalised-KL terms, >= 0 each).

    Shapes:
        z_S, z_T: (B, C, H, W) logits / tau; is_target: (B, C, H, W) bool;
        returns (B, C, H, W).
    """
    shift = _DELTA * is_target.to(z_S.dtype)
    log_q_S = torch.log_softmax(z_S - shift, dim=1)
    log_q_T = torch.log_softmax(z_T - shift, dim=1)
    q_T = log_q_T.exp()
    return q_T * (log_q_T - log_q_S) - q_T + log_q_S.exp()


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
