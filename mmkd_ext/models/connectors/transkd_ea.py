"""TransKD Embedding Assistant (EA) mixed with PEA."""
from typing import Sequence, Tuple

import torch
from mmrazor.models.architectures.connectors.base_connector import \
    BaseConnector
from mmseg.models.utils import PatchEmbed
from torch import nn

from ...registry import MODELS
from .transkd_pea import TransKDPEAConnector


@MODELS.register_module()
class TransKDEAConnector(BaseConnector):
    """TransKD Sec. III-B / Fig. 6: ``w_p * PEA(E_m^S) + w_e * EA(F_{m-1})``.

    EA is an extra overlapping patch embedding (conv + LayerNorm, the
    student's geometry) with the teacher's width, applied to what enters
    the student's patch embedding of this stage: the image for stage 1, the
    student's stage ``m-1`` map otherwise. Its tokens are added to PEA's
    with learnable scalars ``w_p``, ``w_e`` (official init: 0.1, 0.2, 0.3,
    0.4 for PEA and 0.5 ... 0.8 for EA over stages 1-4).

    Args:
        student_channels (int): C_m^S of the student's embedding.
        teacher_channels (int): C_m^T.
        in_channels (int): Channels entering the patch embedding (3 for
            stage 1, C_{m-1}^S otherwise).
        kernel_size (int): Patch kernel (7 for stage 1, 3 otherwise).
        stride (int): Patch stride (4 for stage 1, 2 otherwise).
        mix_init (Sequence[float]): Initial (w_p, w_e).
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: ``((x,), (tokens, (H, W)))`` from a ``ModuleInputsOutputs``
        recorder on the student's patch embedding: x (B, in_channels, H_in,
        W_in), tokens (B, H*W, C_m^S). returns: (B, H*W, C_m^T).
    """

    def __init__(self, student_channels: int, teacher_channels: int,
                 in_channels: int, kernel_size: int, stride: int,
                 mix_init: Sequence[float], init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.pea = TransKDPEAConnector(student_channels, teacher_channels)
        self.embed = PatchEmbed(
            in_channels, teacher_channels, kernel_size=kernel_size,
            stride=stride, padding=kernel_size // 2,
            norm_cfg=dict(type='LN', eps=1e-6))
        self.pea_weight = nn.Parameter(torch.tensor(float(mix_init[0])))
        self.ea_weight = nn.Parameter(torch.tensor(float(mix_init[1])))

    def forward_train(self, feature: Tuple) -> torch.Tensor:
        """Mix PEA of the student's tokens with EA of the embedding input."""
        inputs, (tokens, hw) = feature
        assist, assist_hw = self.embed(inputs[0])
        if tuple(assist_hw) != tuple(hw):
            raise ValueError(
                f'EA grid {tuple(assist_hw)} differs from the student '
                f'embedding grid {tuple(hw)}; kernel_size/stride of the '
                'connector must match the student patch embedding.')
        return self.pea_weight * self.pea(tokens) + self.ea_weight * assist
