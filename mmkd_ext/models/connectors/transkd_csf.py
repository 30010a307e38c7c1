"""TransKD Cross Selective Fusion (CSF): SK channel attention in a review chain."""
import torch
from mmcv.cnn import ConvModule
from torch import nn

from ...registry import MODELS
from .review_chain import ReviewChainConnector


class SelectiveFusion(nn.Module):
    """TransKD Eqs. (6)-(10): select between two maps by channel attention.

    ``U = X + Y``; ``s = GAP(U)`` (Eq. 7); ``z = ReLU(BN(conv1x1(s)))`` with
    ``d = max(C / reduction, min_channels)`` (Eq. 8); per branch logits
    ``A z`` and ``B z`` (one 1x1 conv with bias each, here stacked in one
    conv), softmax across the two branches (Eq. 9); ``a * X + b * Y``
    (Eq. 10).

    Args:
        channels (int): C, channels of both maps.
        reduction (int): r in Eq. (8). Default: 16.
        min_channels (int): L in Eq. (8). Default: 32.
        norm_cfg (dict): Norm of Eq. (8). Default: ``dict(type='BN')``.

    Shapes:
        x, y: (B, C, H, W). returns: (B, C, H, W).
    """

    def __init__(self, channels: int, reduction: int = 16,
                 min_channels: int = 32,
                 norm_cfg: dict = dict(type='BN')) -> None:
        super().__init__()
        hidden = max(channels // reduction, min_channels)
        self.squeeze = ConvModule(channels, hidden, 1, bias=False,
                                  norm_cfg=norm_cfg, act_cfg=dict(type='ReLU'))
        self.select = nn.Conv2d(hidden, 2 * channels, 1)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Fuse ``x`` (current stage) and ``y`` (upsampled deeper stage)."""
        if (self.training and x.size(0) == 1
                and isinstance(self.squeeze.norm, nn.BatchNorm2d)):
            raise ValueError(
                'CSF with norm_cfg=BN needs at least 2 images per GPU in '
                'training (BN over a 1x1 map of one image); use '
                'batch_size>=2, or set the connector norm_cfg to SyncBN/GN.')
        b, c = x.shape[:2]
        s = (x + y).mean(dim=(2, 3), keepdim=True)
        logits = self.select(self.squeeze(s)).view(b, 2, c, 1, 1)
        attn = logits.softmax(dim=1)
        return attn[:, 0] * x + attn[:, 1] * y


@MODELS.register_module()
class TransKDCSFConnector(ReviewChainConnector):
    """TransKD CSF (Sec. III-C, Fig. 7) over all student stages at once.

    Per stage: 1x1 conv + BN to ``mid_channels``; stages above the deepest
    fuse with the nearest-upsampled fused map of the next deeper stage by
    :class:`SelectiveFusion`; 3x3 conv + BN to the teacher's channels. The
    same code path runs for every batch size.

    Args:
        in_channels (Sequence[int]): Student channels per stage.
        out_channels (Sequence[int]): Teacher channels per stage.
        mid_channels (int): C of Eq. (8). Default: 64.
        reduction (int): r of Eq. (8). Default: 16.
        min_channels (int): L of Eq. (8). Default: 32.
        norm_cfg (dict): Norm of all convs. Default: ``dict(type='BN')``.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: sequence of M maps ``(B, in_channels[m], H_m, W_m)``.
        returns: tuple of M maps ``(B, out_channels[m], H_m, W_m)``.
    """

    def __init__(self, in_channels, out_channels, mid_channels: int = 64,
                 reduction: int = 16, min_channels: int = 32,
                 norm_cfg: dict = dict(type='BN'), init_cfg=None) -> None:
        self.reduction = reduction
        self.min_channels = min_channels
        super().__init__(in_channels, out_channels, mid_channels, norm_cfg,
                         init_cfg)

    def build_fusion(self, mid_channels: int, norm_cfg: dict) -> nn.Module:
        """One :class:`SelectiveFusion` per fused stage."""
        return SelectiveFusion(mid_channels, self.reduction,
                               self.min_channels, norm_cfg)
