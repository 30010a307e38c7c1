"""BCKD boundary distillation: affinity-path boundary maps matched by spatial-softmax KD."""
from typing import Tuple

import torch
import torch.nn.functional as F
from torch import nn

from ...registry import MODELS
from .bckd_context import cosine_embedding
from .bckd_temperature import BCKDTemperature
from .utils import prepare_pair, softmax_kl_map, to_grid
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
    where ``rho`` is the softmax over the ``h * w`` positions and KL replaces
    Eq. (3)'s cross-entropy (same gradient; 0 for identical maps). With
    ``map_type='affinity'`` (default, Eq. (2) as printed) the maps are
    ``T^B = 1 - bckd_boundary_map(e_T)``, the affinity of each pixel with its
    neighbourhood (1 inside regions, low on boundaries); ``'boundary'`` uses
    ``bckd_boundary_map`` itself. The student's ``e_S`` is its fusion's 1x1-conv
    embedding. The teacher's ``e_T`` is, with ``teacher_input='probabilities'``
    (default), the softmax over classes of the teacher's logits resized
    bilinearly to the student's grid: a map fitted on the teacher's features
    with labels (its own classifier), so the teacher's boundaries are its
    predicted semantic edges (segmentors); ``'features'`` takes teacher features
    on the student's grid (e.g. :class:`BCKDTeacherFusion` of FPN levels, for
    detectors, which have no class map), centred with pixels at unit norm
    (:func:`cosine_embedding`), so ``||e_p - e_q||^2 = 2 (1 - cos)``;
    ``'embedding'`` takes ``e_T`` as given. tau follows :class:`BCKDTemperature`
    (range of ``T^B / tau``; a buffer, restored by ``resume``). When asked
    (:class:`VisRecordMixin`) it records both maps.

    Args:
        radius (int): Neighbourhood radius of the boundary map. Defaults to 3.
        map_type (str): 'affinity' or 'boundary'. Defaults to 'affinity'.
        teacher_input (str): 'probabilities' (``embed_T`` are logits),
            'features' or 'embedding'. Defaults to 'probabilities'.
        tau_init (float): Initial temperature. Defaults to 1.0.
        tau_growth (float): Temperature growth factor; 1.0 = fixed tau.
            Defaults to 1.05.
        tau_max_range (float): Range of ``T^B / tau`` above which tau grows.
            Defaults to 0.5.
        tau_max (float): Cap on tau. Defaults to 10.0.
        loss_weight (float): alpha in Eq. (6). Defaults to 1.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        embed_S: (B, K_S, h, w); embed_T: (B, K_T, h_T, w_T), resized to (h, w)
        for 'probabilities', ``h_T, w_T = h, w`` otherwise.
    """

    def __init__(self, radius: int = 3, map_type: str = 'affinity',
                 teacher_input: str = 'probabilities', tau_init: float = 1.0,
                 tau_growth: float = 1.05, tau_max_range: float = 0.5,
                 tau_max: float = 10.0, loss_weight: float = 1.0) -> None:
        super().__init__()
        if radius < 1:
            raise ValueError(f'distill_losses: BCKDBoundaryLoss.radius must be >= 1, '
                             f'got {radius}.')
        if map_type not in ('affinity', 'boundary'):
            raise ValueError("distill_losses: BCKDBoundaryLoss.map_type must be 'affinity' "
                             f"or 'boundary', got {map_type!r}.")
        if teacher_input not in ('probabilities', 'features', 'embedding'):
            raise ValueError("distill_losses: BCKDBoundaryLoss.teacher_input must be "
                             "'probabilities', 'features' or 'embedding', got "
                             f"{teacher_input!r}.")
        self.radius = radius
        self.map_type = map_type
        self.teacher_input = teacher_input
        self.temperature = BCKDTemperature(tau_init, tau_growth, tau_max_range, tau_max,
                                           log_name='bckd_bd_tau')
        self.loss_weight = loss_weight

    def forward(self, embed_S: torch.Tensor, embed_T: torch.Tensor) -> torch.Tensor:
        """Maps of both, spatial-softmax KD, then the tau rule."""
        embed_S, embed_T = prepare_pair(embed_S, embed_T)
        grid = embed_S.shape[:1] + embed_S.shape[2:]
        if embed_S.dim() != 4 or embed_T.dim() != 4 or embed_T.shape[0] != grid[0] or (
                self.teacher_input != 'probabilities' and embed_T.shape[2:] != grid[1:]):
            need = ('the same batch size' if self.teacher_input == 'probabilities' else
                    'the same B, h, w')
            raise ValueError(f'BCKDBoundaryLoss: embed_S and embed_T must have {need} (set '
                             'the fusion connectors and recorders alike), got '
                             f'{tuple(embed_S.shape)} and {tuple(embed_T.shape)}.')
        if self.teacher_input == 'probabilities':
            embed_T = to_grid(embed_T.softmax(dim=1), embed_S.shape[-2:])
        elif self.teacher_input == 'features':
            embed_T = cosine_embedding(embed_T.flatten(2)).view_as(embed_T)
        map_T = bckd_boundary_map(embed_T, self.radius)
        map_S = bckd_boundary_map(embed_S, self.radius)
        if self.map_type == 'affinity':
            map_T, map_S = 1 - map_T, 1 - map_S
        if self.vis_requested:
            self.record_vis({f'teacher {self.map_type}': map_T[:, 0],
                             f'student {self.map_type}': map_S[:, 0]})
        bd_T, bd_S = map_T.flatten(1)[..., None], map_S.flatten(1)[..., None]
        tau = self.temperature.value
        loss = softmax_kl_map(bd_S, bd_T, tau).sum() / bd_S.shape[0]
        if self.training:
            self.temperature.step(bd_T / tau)
        return self.loss_weight * loss
