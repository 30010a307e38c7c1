"""TransKD Patch Embedding Alignment (PEA): token-wise linear map."""
import torch
from mmrazor.models.architectures.connectors.base_connector import \
    BaseConnector
from torch import nn

from ...registry import MODELS


@MODELS.register_module()
class TransKDPEAConnector(BaseConnector):
    """TransKD Eq. (4): ``E_m^S W_e``, the student patch embedding of one
    stage mapped to the teacher's width by a learnable matrix (with bias, as
    the official ``nn.Linear``).

    Args:
        student_channels (int): C_m^S.
        teacher_channels (int): C_m^T.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: (B, N, C_m^S) tokens (record ``data_idx=0`` of a patch
        embedding). returns: (B, N, C_m^T).
    """

    def __init__(self, student_channels: int, teacher_channels: int,
                 init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.proj = nn.Linear(student_channels, teacher_channels)

    def forward_train(self, feature: torch.Tensor) -> torch.Tensor:
        """Project every token."""
        if feature.dim() != 3:
            raise ValueError(
                'TransKDPEAConnector expects tokens (B, N, C); got shape '
                f'{tuple(feature.shape)}. Map the patch-embedding record with '
                'data_idx=0.')
        return self.proj(feature)
