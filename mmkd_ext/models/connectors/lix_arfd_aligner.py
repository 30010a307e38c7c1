"""LIX feature aligner (Eq. 12): 3x3 conv + norm + ReLU."""
from typing import Dict, Optional

import torch
from mmcv.cnn import ConvModule
from mmrazor.models.architectures.connectors.base_connector import BaseConnector

from ...registry import MODELS


@MODELS.register_module()
class ARFDAligner(BaseConnector):
    """LIX Eq. (12): ``F_a = ReLU(Norm(Conv3x3(F)))`` to the teacher's width.

    Applied to the student (and, as in the paper, to the teacher) map before
    :class:`ARFDLoss`; the grid alignment (larger to smaller) is done there.

    Args:
        in_channels (int): Channels of the recorded map.
        out_channels (int): C^T, the common width.
        norm_cfg (dict): Norm layer. Defaults to ``dict(type='BN')``.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: (B, in_channels, H, W) -> (B, out_channels, H, W).
    """

    def __init__(self, in_channels: int, out_channels: int,
                 norm_cfg: Optional[Dict] = None,
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(init_cfg)
        self.align = ConvModule(in_channels, out_channels, 3, padding=1,
                                norm_cfg=norm_cfg or dict(type='BN'),
                                act_cfg=dict(type='ReLU'))

    def forward_train(self, feature: torch.Tensor) -> torch.Tensor:
        """Align the channels of ``feature``."""
        return self.align(feature)
