"""BCKD context distillation: pixel self-relation KD, computed in row chunks."""
import math
from typing import Optional

import torch
from torch import nn
from torch.utils.checkpoint import checkpoint

from ...registry import MODELS
from .bckd_temperature import BCKDTemperature
from .utils import full_precision, prepare_pair, softmax_kl_map


def _rows_kd(q_S: torch.Tensor, k_S: torch.Tensor, q_T: torch.Tensor, k_T: torch.Tensor,
             scale: float, tau: float) -> torch.Tensor:
    """Summed ``tau^2 KL`` of the relation rows whose queries are given.

    Shapes:
        q_S: (B, d_S, r), k_S: (B, d_S, N); q_T: (B, d_T, r), k_T: (B, d_T, N)
        (r rows); returns ().
    """
    rel_S = torch.einsum('bdn,bdr->bnr', k_S, q_S) * scale  # softmax axis (keys) = dim 1
    rel_T = torch.einsum('bdn,bdr->bnr', k_T, q_T) * scale
    return softmax_kl_map(rel_S, rel_T, tau).sum()


def _rows_range(q_T: torch.Tensor, k_T: torch.Tensor, scale: float, tau: float,
                probabilities: bool) -> torch.Tensor:
    """(max, min) of the teacher relation rows at ``tau``: probabilities or logits."""
    rel_T = torch.einsum('bdn,bdr->bnr', k_T, q_T) * scale / tau
    if probabilities:
        rel_T = rel_T.softmax(dim=1)
    return torch.stack([rel_T.max(), rel_T.min()])


def cosine_embedding(feats: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """Centre each channel over the positions of its image, then scale every
    pixel to unit L2 norm, so that ``q^T k`` is the cosine of the centred
    features (invariant to the feature scale).

    Shapes:
        feats: (B, d, N); returns (B, d, N).
    """
    centred = feats - feats.mean(dim=2, keepdim=True)
    return centred / centred.norm(dim=1, keepdim=True).clamp_min(eps)


@MODELS.register_module()
class BCKDContextLoss(nn.Module):
    """BCKD context distillation, Eq. (4)-(5).

    With ``F = O(F^c)`` flattened to (d, N), ``N = h * w``, the self-relation
    logits are ``R_ij = F_i^T F_j / t`` (N x N) and

    ``L_CD = w tau^2 / (B N) sum_{b,i} KL(softmax_j(R^T_bij / tau) || softmax_j(R^S_bij / tau))``,

    i.e. Eq. (5) with KL (same gradient as its cross-entropy, 0 for identical
    relations), the softmax over each relation row and the mean over the
    ``B * N`` rows. ``relation='cosine'`` (default) takes ``O`` as a fixed
    normalisation of both sides (:func:`cosine_embedding`: channels centred,
    pixels at unit norm) and ``t = relation_scale = 1 / sqrt(256)``: Eq. (4)'s
    ``1 / sqrt(d)`` for features whose pixels have norm ``sqrt(d)``, d = 256.
    The loss is then independent of either side's feature scale and channel
    count. ``relation='dot'`` is the raw ``F^T F / sqrt(d)`` on the features as
    given (same shape on both sides). With ``chunk_size`` set (and N above it),
    rows are processed ``chunk_size`` at a time under activation
    checkpointing, so no (N x N) matrix is ever held, neither in forward nor
    for backward; the value and gradient equal the naive formula. tau follows
    :class:`BCKDTemperature`, with the range taken over the teacher's relation
    probabilities ``softmax(R^T / tau)`` (``tau_range_of='probabilities'``) or
    logits ``R^T / tau`` (``'logits'``).

    Args:
        chunk_size (int, optional): Relation rows per chunk; None builds the
            whole (N x N) matrices (naive). Defaults to 1024.
        relation (str): 'cosine' or 'dot'. Defaults to 'cosine'.
        relation_scale (float): ``1 / t`` for 'cosine'; 'dot' uses
            ``1 / sqrt(d)``. Defaults to 16.0.
        tau_init (float): Initial temperature. Defaults to 1.0.
        tau_growth (float): Temperature growth factor; 1.0 = fixed tau.
            Defaults to 1.05.
        tau_max_range (float): Range above which tau grows. Defaults to 0.5.
        tau_max (float): Cap on tau. Defaults to 10.0.
        tau_range_of (str): 'probabilities' or 'logits'. Defaults to
            'probabilities'.
        loss_weight (float): beta in Eq. (6). Defaults to 1.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        feats_S: (B, d_S, h, w); feats_T: (B, d_T, h, w) (``d_S = d_T`` for 'dot').
    """

    def __init__(self, chunk_size: Optional[int] = 1024, relation: str = 'cosine',
                 relation_scale: float = 16.0, tau_init: float = 1.0,
                 tau_growth: float = 1.05, tau_max_range: float = 0.5,
                 tau_max: float = 10.0, tau_range_of: str = 'probabilities',
                 loss_weight: float = 1.0) -> None:
        super().__init__()
        if chunk_size is not None and chunk_size < 1:
            raise ValueError('distill_losses: BCKDContextLoss.chunk_size must be None or '
                             f'>= 1, got {chunk_size}.')
        if relation not in ('cosine', 'dot'):
            raise ValueError("distill_losses: BCKDContextLoss.relation must be 'cosine' or "
                             f"'dot', got {relation!r}.")
        if tau_range_of not in ('probabilities', 'logits'):
            raise ValueError("distill_losses: BCKDContextLoss.tau_range_of must be "
                             f"'probabilities' or 'logits', got {tau_range_of!r}.")
        if relation_scale <= 0:
            raise ValueError('distill_losses: BCKDContextLoss.relation_scale must be > 0, '
                             f'got {relation_scale}.')
        self.chunk_size = chunk_size
        self.relation = relation
        self.relation_scale = relation_scale
        self.tau_range_of = tau_range_of
        self.temperature = BCKDTemperature(tau_init, tau_growth, tau_max_range, tau_max,
                                           log_name='bckd_cd_tau')
        self.loss_weight = loss_weight

    def forward(self, feats_S: torch.Tensor, feats_T: torch.Tensor) -> torch.Tensor:
        """Relation KD over all rows, chunked if ``chunk_size`` is set."""
        same = (feats_S.shape == feats_T.shape if self.relation == 'dot' else
                feats_S.shape[:1] + feats_S.shape[2:] == feats_T.shape[:1] + feats_T.shape[2:])
        if feats_S.dim() != 4 or not same:
            need = 'the same shape' if self.relation == 'dot' else 'the same B, h, w'
            raise ValueError(f'BCKDContextLoss: feats_S and feats_T must have {need} (set the '
                             f'fusion connectors alike), got {tuple(feats_S.shape)} and '
                             f'{tuple(feats_T.shape)}.')
        f_S, f_T = (f.flatten(2) for f in prepare_pair(feats_S, feats_T))
        if self.relation == 'cosine':
            f_S, f_T, scale = cosine_embedding(f_S), cosine_embedding(f_T), self.relation_scale
        else:
            scale = 1.0 / math.sqrt(f_S.shape[1])
        n, tau = f_S.shape[-1], self.temperature.value
        step = n if self.chunk_size is None else self.chunk_size
        # one chunk holds the whole matrix anyway: recomputing it in backward saves nothing
        checkpointed = step < n and torch.is_grad_enabled()
        total = f_S.new_zeros(())
        extremes = []
        # autocast would run the relation einsums in half precision
        with full_precision(f_S):
            for start in range(0, n, step):
                q_S, q_T = f_S[..., start:start + step], f_T[..., start:start + step]
                if checkpointed:
                    total = total + checkpoint(_rows_kd, q_S, f_S, q_T, f_T, scale, tau,
                                               use_reentrant=False)
                else:
                    total = total + _rows_kd(q_S, f_S, q_T, f_T, scale, tau)
                if self.training:
                    with torch.no_grad():
                        extremes.append(_rows_range(
                            q_T, f_T, scale, tau, self.tau_range_of == 'probabilities'))
        if self.training:
            extremes = torch.stack(extremes)
            self.temperature.step(torch.stack([extremes[:, 0].max(), extremes[:, 1].min()]))
        return self.loss_weight * total / (f_S.shape[0] * n)
