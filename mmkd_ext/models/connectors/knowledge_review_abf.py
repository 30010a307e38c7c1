"""Knowledge Review's Attention Based Fusion (ABF) in a review chain."""
import torch
from torch import nn

from ...registry import MODELS
from .review_chain import ReviewChainConnector


class AttentionBasedFusion(nn.Module):
    """Knowledge Review (Chen et al., CVPR 2021) ABF fusion of two maps.

    ``[w_x, w_y] = sigmoid(conv1x1([X, Y]))`` gives one spatial weight map
    per branch; returns ``w_x * X + w_y * Y``.

    Args:
        channels (int): C, channels of both maps.

    Shapes:
        x, y: (B, C, H, W). returns: (B, C, H, W).
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.att_conv = nn.Conv2d(2 * channels, 2, 1)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Fuse ``x`` (current stage) and ``y`` (upsampled deeper stage)."""
        w = torch.sigmoid(self.att_conv(torch.cat([x, y], dim=1)))
        return x * w[:, :1] + y * w[:, 1:]


@MODELS.register_module()
class KnowledgeReviewABFConnector(ReviewChainConnector):
    """Knowledge Review's ABF chain: the baseline TransKD compares CSF with.

    Same chain as :class:`TransKDCSFConnector` (1x1 conv + BN, nearest
    upsampling, 3x3 conv + BN to teacher channels), with
    :class:`AttentionBasedFusion` (spatial attention) as the fusion.

    Args:
        in_channels (Sequence[int]): Student channels per stage.
        out_channels (Sequence[int]): Teacher channels per stage.
        mid_channels (int): Width of the fused maps. Default: 64.
        norm_cfg (dict): Norm of the convs. Default: ``dict(type='BN')``.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: sequence of M maps ``(B, in_channels[m], H_m, W_m)``.
        returns: tuple of M maps ``(B, out_channels[m], H_m, W_m)``.
    """

    def build_fusion(self, mid_channels: int, norm_cfg: dict) -> nn.Module:
        """One :class:`AttentionBasedFusion` per fused stage."""
        return AttentionBasedFusion(mid_channels)
