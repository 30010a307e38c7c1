"""BCKD boundary distillation: affinity-path boundary maps matched by spatial-softmax KD."""
from typing import Tuple

import torch
import torch.nn.functional as F
from mmrazor.registry import MODELS
from torch import nn

from .bckd_temperature import BCKDTemperature
from .masked_pixel_kl import math_dtype, softmax_kl_map
from .vis_record import VisRecordMixin

DIRECTIONS: Tuple[Tuple[int, int], ...] = (
    (0, 1), (1, 0), (0, -1), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1))


def _shift(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """``out[..., y, x] = x[..., y + dy, x + dx]`` with replicated borders."""
    h, w = x.shape[-2:]
    x = F.pad(x, (max(-dx, 0), max(dx, 0), max(-dy, 0), max(dy, 0)), mode='replicate')
    return x[..., max(dy, 0):max(dy, 0) + h, max(dx, 0):max(dx, 0) + w]


def bckd_boundary_map(embed: torch.Tensor, radius: int = 3) -> torch.Tensor:
    """Object-level boundary map of BCKD Eq. (2), reduced over a local neighbourhood.

    With ``e = Conv1x1(F^c)`` (the ``embed`` input), the boundary indicator
    between adjacent pixels is the soft ``B(e_p, e_q) = 1 - exp(-||e_p - e_q||^2)``
    (0 for equal embeddings, -> 1 across a semantic edge). For a pixel ``i``
    and a neighbour ``j = i + s * d`` (``d`` one of the 8 compass directions,
    ``s = 1..radius``), the path ``Pi_ij`` is the straight pixel line from
    ``i`` to ``j``; the pair boundary is ``T^B_ij = max`` of ``B`` over the
    consecutive pixel pairs of that path (i.e. ``1 -`` the path affinity
    ``min exp(-||e_p - e_q||^2)``). The per-pixel map is the mean over the
    ``8 * radius`` neighbours: ``T^B_i = mean_j T^B_ij``. It is 0 inside a
    region of constant embedding farther than ``radius`` from its border and
    largest on the border. Image borders are replicated (no boundary).

    Args:
        embed (Tensor): Pixel embeddings.
        radius (int): Neighbourhood radius in pixels. Defaults to 3.

    Returns:
        Tensor: boundary map in [0, 1).

    Shapes:
        embed: (B, K, h, w); returns (B, 1, h, w).
    """
    total = embed.new_zeros(embed.shape[0], 1, *embed.shape[-2:])
    for dy, dx in DIRECTIONS:
        step = 1 - torch.exp(-(embed - _shift(embed, dy, dx)).pow(2).sum(1, keepdim=True))
        path = torch.zeros_like(total)
        for s in range(radius):
            path = torch.maximum(path, _shift(step, s * dy, s * dx))
            total = total + path
    return total / (len(DIRECTIONS) * radius)


@MODELS.register_module()
class BCKDBoundaryLoss(VisRecordMixin, nn.Module):
    """BCKD boundary distillation, Eq. (2)-(3).

    ``L_BD = w * tau^2 / B * sum_b KL(rho(T^B_b / tau) || rho(S^B_b / tau))``,
    where ``T^B``, ``S^B`` are :func:`bckd_boundary_map` of the teacher's and
    student's 1x1-conv embeddings of the fused features and ``rho`` is the
    softmax over the ``h * w`` positions. KL replaces Eq. (3)'s cross-entropy
    (same gradient; 0 for identical maps). tau follows
    :class:`BCKDTemperature` (a buffer, restored by ``resume``). When asked
    (:class:`VisRecordMixin`) it records both boundary maps.

    Args:
        radius (int): Neighbourhood radius of the boundary map. Defaults to 3.
        tau_init (float): Initial temperature. Defaults to 1.0.
        tau_growth (float): Temperature growth factor; 1.0 = fixed tau.
            Defaults to 1.05.
        tau_max_range (float): Range of ``T^B / tau`` above which tau grows.
            Defaults to 0.5.
        loss_weight (float): alpha in Eq. (6). Defaults to 10.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        embed_S, embed_T: (B, K, h, w), same shape.
    """

    def __init__(self, radius: int = 3, tau_init: float = 1.0, tau_growth: float = 1.05,
                 tau_max_range: float = 0.5, loss_weight: float = 10.0) -> None:
        super().__init__()
        if radius < 1:
            raise ValueError(f'distill_losses: BCKDBoundaryLoss.radius must be >= 1, '
                             f'got {radius}.')
        self.radius = radius
        self.temperature = BCKDTemperature(tau_init, tau_growth, tau_max_range)
        self.loss_weight = loss_weight

    def forward(self, embed_S: torch.Tensor, embed_T: torch.Tensor) -> torch.Tensor:
        """Boundary maps of both, spatial-softmax KD, then the tau rule."""
        embed_T = embed_T.detach().to(math_dtype(embed_T))
        embed_S = embed_S.to(math_dtype(embed_S))
        if embed_S.shape != embed_T.shape:
            raise ValueError('BCKDBoundaryLoss: embed_S and embed_T must have the same shape '
                             f'(set the fusion connectors alike), got {tuple(embed_S.shape)} '
                             f'and {tuple(embed_T.shape)}.')
        map_T = bckd_boundary_map(embed_T, self.radius)
        map_S = bckd_boundary_map(embed_S, self.radius)
        if self.vis_requested:
            self.record_vis({'teacher boundary': map_T[:, 0], 'student boundary': map_S[:, 0]})
        bd_T, bd_S = map_T.flatten(1)[..., None], map_S.flatten(1)[..., None]
        tau = self.temperature.value
        loss = softmax_kl_map(bd_S, bd_T, tau).sum() / bd_S.shape[0]
        if self.training:
            self.temperature.step(bd_T)
        return self.loss_weight * loss
