"""HeteroAKD's projector of an intermediate feature map into the logits space."""
import math
from typing import Dict, Optional

import torch
from mmcv.cnn import ConvModule
from mmrazor.models.architectures.connectors.base_connector import BaseConnector

from ...registry import MODELS


@MODELS.register_module()
class LogitSpaceProjector(BaseConnector):
    """HeteroAKD Sec. "aligned logits space": Z = BN(Conv1x1(F)) (+ act).

    Maps a teacher or student stage map ``F`` to ``num_classes`` channels so
    that heterogeneous features (CNN vs Transformer) are compared as class
    logits instead of architecture-specific features. The spatial grid is
    left as it is; :class:`HeteroAKDLoss` brings the two maps to one grid.

    The paper's description (as read by third parties) ends the projector
    with a ReLU. A ReLU output cannot be negative, so it cannot express
    "class absent" under a sigmoid (sigma(z) >= 0.5) and it squashes softmax
    contrasts; the default here is therefore no activation
    (``act_cfg=None``); ``act_cfg=dict(type='ReLU')`` restores the ReLU.

    With ``prior_init=True`` the output bias (BN beta, or the conv bias
    without a norm) starts at ``-log(K - 1)``, i.e. sigma(z) = 1/K, the
    class prior (as RetinaNet's classifier): a BN-centred projector would
    start at sigma(z) = 1/2 for every class, a per-class BCE of about
    0.8 K per pixel (about 120 on ADE20K) whose gradient swamps the student
    early on. It is a constant shift, so a softmax is unaffected.

    Args:
        in_channels (int): Channels of the recorded feature map.
        num_classes (int): Channels of the logits space (classes).
        norm_cfg (dict, optional): Norm after the 1x1 conv.
            Defaults to ``dict(type='BN')``.
        act_cfg (dict, optional): Activation at the end. Defaults to None.
        prior_init (bool): Start the bias at the class prior. Defaults to
            True.
        init_cfg (dict, optional): Initialisation config.

    Shapes:
        feature: (B, in_channels, H, W).
        output: (B, num_classes, H, W).
    """

    def __init__(self,
                 in_channels: int,
                 num_classes: int,
                 norm_cfg: Optional[Dict] = dict(type='BN'),
                 act_cfg: Optional[Dict] = None,
                 prior_init: bool = True,
                 init_cfg: Optional[Dict] = None) -> None:
        super().__init__(init_cfg)
        self.in_channels = in_channels
        self.prior_init = prior_init
        self.proj = ConvModule(
            in_channels, num_classes, 1, norm_cfg=norm_cfg, act_cfg=act_cfg)
        self._init_prior()

    def init_weights(self) -> None:
        """Initialise the layers, then (again) the prior bias."""
        super().init_weights()
        self._init_prior()

    def _init_prior(self) -> None:
        if not self.prior_init:
            return
        layer = self.proj.norm if self.proj.with_norm else self.proj.conv
        num_classes = self.proj.conv.out_channels
        if getattr(layer, 'bias', None) is not None and num_classes > 1:
            layer.bias.data.fill_(-math.log(num_classes - 1))

    def forward_train(self, feature: torch.Tensor) -> torch.Tensor:
        """Project ``feature`` to the logits space."""
        if not isinstance(feature, torch.Tensor) or feature.dim() != 4 \
                or feature.shape[1] != self.in_channels:
            got = tuple(feature.shape) if isinstance(
                feature, torch.Tensor) else type(feature).__name__
            raise ValueError(
                f'LogitSpaceProjector expects a (B, {self.in_channels}, H, W) '
                f'map, got {got}: check the connector\'s in_channels and the '
                'mapping\'s recorder/data_idx (a backbone records a tuple of '
                'stages; pick one with data_idx).')
        return self.proj(feature)
