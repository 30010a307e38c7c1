"""BCKD context distillation: pixel self-relation KD, computed in row chunks."""
import math
from typing import Optional

import torch
from mmrazor.registry import MODELS
from torch import nn
from torch.utils.checkpoint import checkpoint

from .bckd_temperature import BCKDTemperature
from .masked_pixel_kl import math_dtype, softmax_kl_map


def _rows_kd(q_S: torch.Tensor, k_S: torch.Tensor, q_T: torch.Tensor, k_T: torch.Tensor,
             tau: float) -> torch.Tensor:
    """Summed ``tau^2 KL`` of the relation rows whose queries are given.

    Shapes:
        q_S, q_T: (B, d, r) queries of r rows; k_S, k_T: (B, d, N); returns ().
    """
    scale = 1.0 / math.sqrt(q_S.shape[1])
    rel_S = torch.einsum('bdn,bdr->bnr', k_S, q_S) * scale  # softmax axis (keys) = dim 1
    rel_T = torch.einsum('bdn,bdr->bnr', k_T, q_T) * scale
    return softmax_kl_map(rel_S, rel_T, tau).sum()


def _rows_range(q_T: torch.Tensor, k_T: torch.Tensor) -> torch.Tensor:
    """(max, min) of the teacher relation logits of the given rows."""
    rel_T = torch.einsum('bdn,bdr->bnr', k_T, q_T) / math.sqrt(q_T.shape[1])
    return torch.stack([rel_T.max(), rel_T.min()])


@MODELS.register_module()
class BCKDContextLoss(nn.Module):
    """BCKD context distillation, Eq. (4)-(5).

    With ``F = O(F^c)`` flattened to (d, N), ``N = h * w``, the self-relation
    logits are ``R = F^T F / sqrt(d)`` (N x N) and

    ``L_CD = w tau^2 / (B N) sum_{b,i} KL(softmax_j(R^T_bij / tau) || softmax_j(R^S_bij / tau))``,

    i.e. Eq. (5) with KL (same gradient as its cross-entropy, 0 for identical
    relations), the softmax over each relation row and the mean over the
    ``B * N`` rows. With ``chunk_size`` set (and N above it), rows are
    processed ``chunk_size`` at a time under activation checkpointing, so no
    (N x N) matrix is ever held, neither in forward nor for backward; the
    value and gradient equal the naive formula. The feature alignment ``O`` is the
    student's fusion connector. tau follows :class:`BCKDTemperature`, with
    the range taken over the teacher's relation logits ``R^T / tau``.

    Args:
        chunk_size (int, optional): Relation rows per chunk; None builds the
            whole (N x N) matrices (naive). Defaults to 1024.
        tau_init (float): Initial temperature. Defaults to 1.0.
        tau_growth (float): Temperature growth factor; 1.0 = fixed tau.
            Defaults to 1.05.
        tau_max_range (float): Range of ``R^T / tau`` above which tau grows.
            Defaults to 0.5.
        loss_weight (float): beta in Eq. (6). Defaults to 50.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        feats_S, feats_T: (B, d, h, w), same shape.
    """

    def __init__(self, chunk_size: Optional[int] = 1024, tau_init: float = 1.0,
                 tau_growth: float = 1.05, tau_max_range: float = 0.5,
                 loss_weight: float = 50.0) -> None:
        super().__init__()
        if chunk_size is not None and chunk_size < 1:
            raise ValueError('distill_losses: BCKDContextLoss.chunk_size must be None or '
                             f'>= 1, got {chunk_size}.')
        self.chunk_size = chunk_size
        self.temperature = BCKDTemperature(tau_init, tau_growth, tau_max_range)
        self.loss_weight = loss_weight

    def forward(self, feats_S: torch.Tensor, feats_T: torch.Tensor) -> torch.Tensor:
        """Relation KD over all rows, chunked if ``chunk_size`` is set."""
        if feats_S.shape != feats_T.shape:
            raise ValueError('BCKDContextLoss: feats_S and feats_T must have the same shape '
                             f'(set the fusion connectors alike), got {tuple(feats_S.shape)} '
                             f'and {tuple(feats_T.shape)}.')
        f_T = feats_T.detach().to(math_dtype(feats_T)).flatten(2)
        f_S = feats_S.to(math_dtype(feats_S)).flatten(2)
        n, tau = f_S.shape[-1], self.temperature.value
        step = n if self.chunk_size is None else self.chunk_size
        # one chunk holds the whole matrix anyway: recomputing it in backward saves nothing
        checkpointed = step < n and torch.is_grad_enabled()
        total = f_S.new_zeros(())
        extremes = []
        # autocast would run the relation einsums in half precision
        with torch.autocast(f_S.device.type, enabled=False):
            for start in range(0, n, step):
                q_S, q_T = f_S[..., start:start + step], f_T[..., start:start + step]
                if checkpointed:
                    total = total + checkpoint(_rows_kd, q_S, f_S, q_T, f_T, tau,
                                               use_reentrant=False)
                else:
                    total = total + _rows_kd(q_S, f_S, q_T, f_T, tau)
                if self.training:
                    with torch.no_grad():
                        extremes.append(_rows_range(q_T, f_T))
        if self.training:
            extremes = torch.stack(extremes)
            self.temperature.step(torch.stack([extremes[:, 0].max(), extremes[:, 1].min()]))
        return self.loss_weight * total / (f_S.shape[0] * n)
