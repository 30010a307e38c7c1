"""Knowledge-Review style reverse fusion chain shared by CSF and ABF."""
from typing import List, Optional, Sequence, Tuple

import torch
from mmcv.cnn import ConvModule
from mmrazor.models.architectures.connectors.base_connector import \
    BaseConnector
from mmseg.models.utils import resize
from torch import nn


class ReviewChainConnector(BaseConnector):
    """Fuse student stage maps from the deepest to the shallowest stage.

    TransKD Sec. III-C / Fig. 7 and Knowledge Review's review chain: stage
    ``m`` maps ``F_m^in`` to ``mid_channels`` (1x1 conv + BN), fuses it with
    the nearest-upsampled fused map of stage ``m+1`` (``fuse`` of the
    subclass; the deepest stage is not fused), and maps the fused map
    ``F_m^mid`` to the teacher's channels (3x3 conv + BN) as ``F_m^out``.
    The whole chain runs in one call, so one step computes it once.

    Args:
        in_channels (Sequence[int]): Student channels per stage, shallow first.
        out_channels (Sequence[int]): Teacher channels per stage.
        mid_channels (int): Width of the fused maps. Default: 64.
        norm_cfg (dict): Norm after each conv. Default: ``dict(type='BN')``.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: sequence of M maps ``(B, in_channels[m], H_m, W_m)``.
        returns: tuple of M maps ``(B, out_channels[m], H_m, W_m)``.
    """

    def __init__(self,
                 in_channels: Sequence[int],
                 out_channels: Sequence[int],
                 mid_channels: int = 64,
                 norm_cfg: dict = dict(type='BN'),
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg)
        if len(in_channels) != len(out_channels) or len(in_channels) < 1:
            raise ValueError(
                f'connector in_channels={list(in_channels)} and '
                f'out_channels={list(out_channels)} must be non-empty and '
                'of the same length (one entry per stage).')
        self.in_channels = list(in_channels)
        self.lateral_convs = nn.ModuleList(
            ConvModule(c, mid_channels, 1, bias=False, norm_cfg=norm_cfg,
                       act_cfg=None) for c in in_channels)
        self.fusions = nn.ModuleList(
            self.build_fusion(mid_channels, norm_cfg)
            for _ in range(len(in_channels) - 1))
        self.out_convs = nn.ModuleList(
            ConvModule(mid_channels, c, 3, padding=1, bias=False,
                       norm_cfg=norm_cfg, act_cfg=None) for c in out_channels)

    def build_fusion(self, mid_channels: int, norm_cfg: dict) -> nn.Module:
        """Module ``fusion(x, y)`` of two ``(B, mid, H, W)`` maps."""
        raise NotImplementedError

    def forward_train(self, feature: Sequence[torch.Tensor]
                      ) -> Tuple[torch.Tensor, ...]:
        """Run the chain over all stages; see the class docstring."""
        feats: List[torch.Tensor] = list(feature)
        if len(feats) != len(self.in_channels):
            raise ValueError(
                f'{type(self).__name__} got {len(feats)} stage maps but its '
                f'in_channels has {len(self.in_channels)} entries; record the '
                'whole backbone output (no data_idx) in the mapping.')
        outs: List[torch.Tensor] = [None] * len(feats)  # type: ignore
        fused = self.lateral_convs[-1](feats[-1])
        outs[-1] = self.out_convs[-1](fused)
        for m in range(len(feats) - 2, -1, -1):
            x = self.lateral_convs[m](feats[m])
            y = resize(fused, size=x.shape[-2:], mode='nearest')
            fused = self.fusions[m](x, y)
            outs[m] = self.out_convs[m](fused)
        return tuple(outs)
