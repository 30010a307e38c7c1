"""MMRazor's channel-wise distillation for teacher/student logits on different grids."""
import torch
from mmrazor.models.losses import ChannelWiseDivergence

from ...registry import MODELS
from .utils import prepare_pair


@MODELS.register_module()
class ResizedChannelWiseDivergence(ChannelWiseDivergence):
    """CWD (Shu et al., ICCV 2021, Eq. 3) on logits of any grid and memory layout.

    ``L = w * tau^2 / (N C) * sum_{n,c} KL(softmax_HW(z_T / tau) || softmax_HW(z_S / tau))``,
    computed by MMRazor's ``ChannelWiseDivergence`` after the teacher is resized
    bilinearly to the student's grid (a CNN at 1/8 vs a Transformer at 1/4) and
    both are made contiguous (SegFormer's logits are channels-last, which the
    parent's ``view`` rejects). Math in at least float32; the teacher is detached.

    Args:
        tau (float): Temperature. Defaults to 1.0.
        loss_weight (float): Weight. Defaults to 1.0.

    Returns:
        Tensor: scalar loss.

    Shapes:
        preds_S: (N, C, h, w); preds_T: (N, C, h', w').
    """

    def forward(self, preds_S: torch.Tensor, preds_T: torch.Tensor) -> torch.Tensor:
        """Resize the teacher to the student's grid, then CWD."""
        preds_S, preds_T = prepare_pair(preds_S, preds_T, size=preds_S.shape[-2:])
        return super().forward(preds_S.contiguous(), preds_T.contiguous())
