"""LIX dynamic weight controller (DWC): per-pixel, per-logit NCLD weights."""
import math
from typing import Callable

import torch
import torch.nn.functional as F
from torch import nn

_OMEGA_SOURCES = ('student', 'teacher')
# How the NCLD weights are obtained (configs/lix/README.md, design decisions):
# 'lookahead': the controller is trained to lower the student's CE after a virtual step
#     along the distillation gradient (a one-step meta objective);
# 'self': the controller is trained by the loss it weights (collapses to beta_min);
# 'entropy': no controller, beta grows with the student's normalised entropy.
WEIGHT_RULES = ('lookahead', 'self', 'entropy')


class DynamicWeightController(nn.Module):
    """LIX Eq. (6)-(8): ``beta = (b_max - b_min) * sigmoid(MLP(Omega)) + b_min``.

    ``Omega = Concat(P, c)`` with ``P = softmax(Z)`` over classes and the
    per-pixel entropy ``c = -sum_i P_i log P_i`` (Eq. 6, 8). The MLP acts on
    every pixel independently (1x1 convolutions), so ``beta`` has one weight
    per pixel and per logit.

    Args:
        num_classes (int): C, the number of logits per pixel.
        hidden_channels (int): Width of the hidden layers. Defaults to 64.
        num_layers (int): Linear layers of the MLP (>= 1). Defaults to 3.
        beta_min (float): Lower bound of the weights. Defaults to 1.0.
        beta_max (float): Upper bound of the weights. Defaults to 10.0.
        use_entropy (bool): Append the entropy ``c`` to ``Omega`` (Eq. 8);
            False gives the paper's ``Omega = P`` ablation. Defaults to True.
        dropout (float): Dropout between hidden layers. Defaults to 0.0.

    Shapes:
        logits: (B, C, H, W) -> beta: (B, C, H, W), in [beta_min, beta_max].
    """

    def __init__(self, num_classes: int, hidden_channels: int = 64,
                 num_layers: int = 3, beta_min: float = 1.0,
                 beta_max: float = 10.0, use_entropy: bool = True,
                 dropout: float = 0.0) -> None:
        super().__init__()
        if not 0 <= beta_min <= beta_max:
            raise ValueError('controller.beta_min/beta_max must satisfy '
                             f'0 <= beta_min <= beta_max, got {beta_min}, {beta_max}.')
        if num_layers < 1:
            raise ValueError(f'controller.num_layers must be >= 1, got {num_layers}.')
        self.beta_min = beta_min
        self.beta_max = beta_max
        self.use_entropy = use_entropy
        in_channels = num_classes + int(use_entropy)
        layers = []
        for i in range(num_layers - 1):
            layers += [nn.Conv2d(in_channels if i == 0 else hidden_channels,
                                 hidden_channels, 1), nn.ReLU(inplace=True)]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
        layers.append(nn.Conv2d(hidden_channels if num_layers > 1 else in_channels,
                                num_classes, 1))
        self.mlp = nn.Sequential(*layers)

    def omega(self, logits: torch.Tensor) -> torch.Tensor:
        """Eq. (6), (8): ``Concat(softmax(Z), entropy)`` along channels."""
        p = torch.softmax(logits, dim=1)
        return torch.cat([p, _entropy(logits)], dim=1) if self.use_entropy else p

    def forward(self, logits: torch.Tensor) -> torch.Tensor:
        """Eq. (7): weights in ``[beta_min, beta_max]`` per pixel and logit."""
        omega = self.omega(logits).to(self.mlp[0].weight.dtype)
        scale = self.beta_max - self.beta_min
        return scale * torch.sigmoid(self.mlp(omega)) + self.beta_min


def _entropy(logits: torch.Tensor) -> torch.Tensor:
    """Eq. (8)'s ``c = -sum_i P_i log P_i`` per pixel. (B, C, H, W) -> (B, 1, H, W)."""
    log_p = torch.log_softmax(logits, dim=1)
    return -(log_p.exp() * log_p).sum(1, keepdim=True)


def entropy_weights(logits: torch.Tensor, beta_min: float,
                    beta_max: float) -> torch.Tensor:
    """Parameter-free weights: ``b_min + (b_max - b_min) * H(softmax(Z)) / log C``.

    One weight per pixel (shared by its logits): where the student is unsure,
    the teacher's ranking of the non-target classes is weighted more.

    Shapes:
        logits: (B, C, H, W) -> (B, 1, H, W), in [beta_min, beta_max].
    """
    return beta_min + (beta_max - beta_min) * _entropy(logits) / math.log(logits.shape[1])


def lookahead_task_loss(preds_S: torch.Tensor, beta: torch.Tensor,
                        per_pixel_loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor],
                        target: torch.Tensor, valid: torch.Tensor,
                        lr: float) -> torch.Tensor:
    """The controller's objective: task CE after one virtual step on the logits.

    ``Z' = Z - lr * d(sum_p l_p(Z, beta)) / dZ`` with the student's logits ``Z``
    detached, then ``CE(Z', y)`` averaged over the valid pixels. Its gradient
    reaches ``beta`` only (through the step), so the controller learns the
    weights whose distillation step helps the task most; unlike the loss it
    weights, this objective has no trivial minimiser at a bound.

    Args:
        preds_S (Tensor): Student logits (the loss's working grid and dtype).
        beta (Tensor): The controller's weights, with their graph.
        per_pixel_loss (Callable): ``(logits, beta) -> (B, H, W)`` loss per pixel.
        target (Tensor): Labels with ignored pixels set to any valid class.
        valid (Tensor): Pixels that count.
        lr (float): Size of the virtual step on the logits.

    Returns:
        Tensor: scalar CE after the step.

    Shapes:
        preds_S: (B, C, H, W); beta: broadcastable to it; target, valid: (B, H, W).
    """
    with torch.enable_grad():
        logits = preds_S.detach().requires_grad_(True)
        losses = per_pixel_loss(logits, beta)
        grad, = torch.autograd.grad(losses[valid].sum(), logits, create_graph=True)
    ce = F.cross_entropy(logits.detach() - lr * grad, target, reduction='none')
    return ce[valid].sum() / valid.sum().clamp(min=1)
