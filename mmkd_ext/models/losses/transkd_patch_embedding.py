"""TransKD patch-embedding distillation loss (mean squared error)."""
import torch
from mmrazor.models.losses import L2Loss

from ...registry import MODELS
from .utils import prepare_pair


@MODELS.register_module()
class PatchEmbeddingLoss(L2Loss):
    """TransKD Eq. (4): ``alpha_m * MSE(E_m^S W_e, E_m^T)``.

    MMRazor's :class:`L2Loss` without normalisation, divided by the number
    of elements (a mean over B*N*C), in at least float32 with the teacher detached.
    One instance per stage; ``loss_weight`` is alpha_m (paper: 0.1, 0.1,
    0.5, 1).

    Args:
        loss_weight (float): alpha_m. Default: 1.0.

    Shapes:
        preds_S, preds_T: (B, N, C_m^T) tokens, same shape.
        returns: scalar.
    """

    def __init__(self, loss_weight: float = 1.0) -> None:
        super().__init__(loss_weight=loss_weight, normalize=False,
                         div_element=True)

    def forward(self, preds_S: torch.Tensor,
                preds_T: torch.Tensor) -> torch.Tensor:
        """Mean squared error times ``loss_weight``."""
        if preds_S.shape != preds_T.shape:
            raise ValueError(
                f'PatchEmbeddingLoss needs equal shapes; got student '
                f'{tuple(preds_S.shape)} and teacher {tuple(preds_T.shape)} '
                '(map the student tokens through a PEA connector).')
        return super().forward(*prepare_pair(preds_S, preds_T))
