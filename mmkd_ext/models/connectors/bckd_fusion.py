"""BCKD whole-to-whole fusion of all backbone stages into one 256-channel map at 1/8."""
from typing import Sequence, Tuple

import torch
from mmrazor.models.architectures.connectors.base_connector import BaseConnector
from mmseg.models.utils import resize
from torch import nn

from ...registry import MODELS


@MODELS.register_module()
class BCKDFusionConnector(BaseConnector):
    """BCKD Sec. IV-A: ``F^c = Conv3x3(concat_i(resize(Conv1x1(F_i))))`` plus the
    boundary embedding ``e = Conv1x1(F^c)`` of Eq. (2).

    Every stage goes through its own 1x1 conv to ``stage_channels``, is
    resized bilinearly to the grid of stage ``target_stage`` (the stride-8
    stage: index 1 for ResNet-d8, MobileNetV2-d8 and MiT), concatenated, and
    a 3x3 conv gives ``out_channels`` (256 in the paper). A 1x1 conv maps the
    result to ``boundary_channels`` (1 in the paper).

    ``frozen=True`` makes all these layers fixed random projections
    (``requires_grad=False``): the first implementation's teacher side, kept as
    an ablation; the shipped configs use :class:`BCKDTeacherFusion` there,
    which has no parameters. The weights are still in the state dict, so a
    resumed run uses the same ones.
    All convs start variance-preserving (``N(0, 1/fan_in)``, zero bias), so the
    fixed teacher projection keeps the teacher's feature scale.

    Args:
        in_channels (Sequence[int]): Channels of the backbone stages.
        stage_channels (int): Channels of each stage after its 1x1 conv.
            Defaults to 64.
        out_channels (int): Channels of the fused map. Defaults to 256.
        boundary_channels (int): Channels of the boundary embedding.
            Defaults to 1.
        target_stage (int): Stage whose grid is the output grid. Defaults to 1.
        frozen (bool): Fixed random layers (ablation). Defaults to False.
        init_cfg (dict, optional): Initialisation config. Defaults to None.

    Returns:
        tuple[Tensor, Tensor]: the fused map ``F^c`` and the boundary embedding.

    Shapes:
        feature: tuple of (B, in_channels[i], h_i, w_i); returns
        (B, out_channels, h_t, w_t) and (B, boundary_channels, h_t, w_t),
        ``(h_t, w_t)`` the grid of ``feature[target_stage]``.
    """

    def __init__(self, in_channels: Sequence[int], stage_channels: int = 64,
                 out_channels: int = 256, boundary_channels: int = 1,
                 target_stage: int = 1, frozen: bool = False, init_cfg=None) -> None:
        super().__init__(init_cfg)
        if not 0 <= target_stage < len(in_channels):
            raise ValueError(f'connectors: BCKDFusionConnector.target_stage={target_stage} '
                             f'is not an index of in_channels={list(in_channels)}.')
        self.target_stage = target_stage
        self.frozen = frozen
        self.stage_convs = nn.ModuleList(
            nn.Conv2d(c, stage_channels, 1) for c in in_channels)
        self.fuse = nn.Conv2d(stage_channels * len(in_channels), out_channels, 3, padding=1)
        self.boundary = nn.Conv2d(out_channels, boundary_channels, 1)
        for conv in self.modules():
            if isinstance(conv, nn.Conv2d):
                fan_in = conv.weight[0].numel()
                nn.init.normal_(conv.weight, std=fan_in**-0.5)
                nn.init.zeros_(conv.bias)
        if frozen:
            self.requires_grad_(False)

    def forward_train(self, feature: Sequence[torch.Tensor]
                      ) -> Tuple[torch.Tensor, torch.Tensor]:
        """Fuse the stage tuple of one backbone record."""
        if len(feature) != len(self.stage_convs):
            raise ValueError(f'connectors: BCKDFusionConnector got {len(feature)} stages, '
                             f'in_channels has {len(self.stage_convs)}.')
        size = feature[self.target_stage].shape[-2:]
        maps = [resize(conv(x), size=size, mode='bilinear', align_corners=False)
                for conv, x in zip(self.stage_convs, feature)]
        fused = self.fuse(torch.cat(maps, dim=1))
        return fused, self.boundary(fused)
