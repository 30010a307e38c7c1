"""HeteroAKD's KMM: teacher-student knowledge mixing by label-guided reliability."""
from typing import Tuple

import torch


def knowledge_mixing(logits_T: torch.Tensor, logits_S: torch.Tensor,
                     rel_T: torch.Tensor, rel_S: torch.Tensor,
                     eps: float = 1e-6) -> Tuple[torch.Tensor, torch.Tensor]:
    """KMM: ``Z_hyb = w_T * Z_T + (1 - w_T) * Z_S`` with
    ``w_T = (H_S + eps) / (H_T + H_S + 2 eps)``.

    The less reliable the student (large H_S) relative to the teacher, the
    larger the teacher's share; where the student is the more reliable one
    (e.g. on a class the teacher gets wrong) its own knowledge dominates.
    The symmetric epsilon keeps ``w_T`` in (0, 1), never divides by 0, and
    gives 1/2 when both are perfect. The hybrid is a target: detached.

    Args:
        logits_T (Tensor): Teacher projected logits.
        logits_S (Tensor): Student projected logits (same grid).
        rel_T (Tensor): Teacher reliability H_T (see ``label_reliability``).
        rel_S (Tensor): Student reliability H_S.
        eps (float): Safety epsilon. Defaults to 1e-6.

    Returns:
        tuple[Tensor, Tensor]: hybrid logits (B, K, H, W) and teacher weight
        ``w_T`` (shape of ``rel_T``), both detached.

    Shapes:
        logits_T, logits_S: (B, K, H, W);
        rel_T, rel_S: (B, K, H, W) (per class) or (B, 1, H, W) (per pixel).
    """
    if eps <= 0:
        raise ValueError(f'kmm_eps must be > 0, got {eps}.')
    w_T = (rel_S + eps) / (rel_T + rel_S + 2 * eps)
    hybrid = w_T * logits_T + (1 - w_T) * logits_S
    return hybrid.detach(), w_T.detach()
