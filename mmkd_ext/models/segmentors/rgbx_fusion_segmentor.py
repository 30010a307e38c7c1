"""RGB-X data-fusion segmentor with duplex encoders (LIX's teachers)."""
from typing import List

import torch
from mmseg.models.segmentors import EncoderDecoder
from torch import Tensor, nn

from ...registry import SEG_MODELS

_FUSIONS = ('intermediate', 'late')


@SEG_MODELS.register_module()
class RGBXFusionEncoderDecoder(EncoderDecoder):
    """Duplex-encoder RGB-X segmentor (LIX Sec. II-A).

    The input holds the image in its first ``img_channels`` channels and X
    in the rest (see :class:`RGBXDataPreProcessor`). ``backbone`` encodes
    the image, ``x_backbone`` (any mmseg backbone, ``in_channels`` = C_X)
    encodes X.

    - ``fusion='intermediate'`` (SNE-RoadSeg-like): after the stem and after
      every stage the X features are added to the RGB stream, which carries
      the fused map into its next stage. Needs ResNet-style backbones
      (``stem``/``conv1``, ``maxpool``, ``res_layers``) of equal widths.
    - the fused maps are outputs of ``fusions.<i>`` modules (``stem_fusion``
      for the stem), so distillation recorders can tap them by name;
    - ``fusion='late'`` (MFNet-like): the two encoders run apart and their
      per-level outputs are concatenated for the decoder (so the decode head's
      ``in_channels`` are the sums).

    Args:
        x_backbone (dict): Config of the X encoder.
        fusion (str): 'intermediate' or 'late'. Defaults to 'intermediate'.
        img_channels (int): Image channels at the front. Defaults to 3.
        **kwargs: Arguments of ``EncoderDecoder``.

    Shapes:
        inputs: (B, img_channels + C_X, H, W).
    """

    def __init__(self, x_backbone: dict, fusion: str = 'intermediate',
                 img_channels: int = 3, **kwargs) -> None:
        if fusion not in _FUSIONS:
            raise ValueError(f'model.fusion must be one of {_FUSIONS}, got {fusion!r}.')
        super().__init__(**kwargs)
        self.x_backbone = SEG_MODELS.build(x_backbone)
        self.fusion = fusion
        self.img_channels = img_channels
        mode = 'add' if fusion == 'intermediate' else 'cat'
        self.stem_fusion = StreamFusion('add')
        if fusion == 'intermediate':
            for name, net in (('backbone', self.backbone), ('x_backbone', self.x_backbone)):
                if not hasattr(net, 'res_layers'):
                    raise ValueError(f"model.fusion='intermediate' needs ResNet-style "
                                     f'backbones; model.{name} is {type(net).__name__}. '
                                     "Use fusion='late' for other backbones.")
        levels = self.backbone.res_layers if fusion == 'intermediate' \
            else self.backbone.out_indices
        self.fusions = nn.ModuleList(StreamFusion(mode) for _ in levels)

    def extract_feat(self, inputs: Tensor) -> List[Tensor]:
        """Encode image and X and fuse them (intermediate or late)."""
        if inputs.shape[1] <= self.img_channels:
            raise ValueError(f'{type(self).__name__} got {inputs.shape[1]} input channels: '
                             f'it needs the image ({self.img_channels}) plus X.')
        img, x = inputs[:, :self.img_channels], inputs[:, self.img_channels:]
        if self.fusion == 'late':
            feats = [fuse(*pair) for fuse, pair in zip(
                self.fusions, zip(self.backbone(img), self.x_backbone(x)))]
        else:
            feats = self._intermediate(img, x)
        return self.neck(feats) if self.with_neck else feats

    def _intermediate(self, img: Tensor, x: Tensor) -> List[Tensor]:
        """SNE-RoadSeg-style: add X to the RGB stream after each stage."""
        rgb_net, x_net = self.backbone, self.x_backbone
        img, x = _stem(rgb_net, img), _stem(x_net, x)
        img = self.stem_fusion(img, x)
        outs = []
        for i, (r_name, x_name) in enumerate(zip(rgb_net.res_layers, x_net.res_layers)):
            img = getattr(rgb_net, r_name)(img)
            x = getattr(x_net, x_name)(x)
            img = self.fusions[i](img, x)
            if i in rgb_net.out_indices:
                outs.append(img)
        return outs


class StreamFusion(nn.Module):
    """Fuse an RGB and an X map: ``'add'`` (sum) or ``'cat'`` (channels).

    Shapes:
        rgb, x: (B, C, H, W) -> (B, C, H, W) ('add') or (B, 2C, H, W).
    """

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def forward(self, rgb: Tensor, x: Tensor) -> Tensor:
        """Fuse the two streams."""
        return rgb + x if self.mode == 'add' else torch.cat([rgb, x], 1)


def _stem(net, x: Tensor) -> Tensor:
    """The part of mmseg's ``ResNet.forward`` before the residual stages."""
    if net.deep_stem:
        x = net.stem(x)
    else:
        x = net.relu(net.norm1(net.conv1(x)))
    return net.maxpool(x)
