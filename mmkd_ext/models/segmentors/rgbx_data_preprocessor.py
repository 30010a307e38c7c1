"""Data preprocessor for RGB-X inputs: each modality with its own mean/std."""
from typing import Any, Dict, Sequence

from mmseg.models.data_preprocessor import SegDataPreProcessor

from ...registry import SEG_MODELS


@SEG_MODELS.register_module()
class RGBXDataPreProcessor(SegDataPreProcessor):
    """``SegDataPreProcessor`` for images with X appended as extra channels.

    The first ``len(mean)`` channels are the image (BGR->RGB if
    ``bgr_to_rgb``), normalised with ``mean``/``std``; the remaining ones
    are X, normalised with ``x_mean``/``x_std``.

    Args:
        mean (Sequence[float]): Image mean per channel.
        std (Sequence[float]): Image std per channel.
        x_mean (Sequence[float]): X mean per channel.
        x_std (Sequence[float]): X std per channel.
        bgr_to_rgb (bool): Flip the image channels. Defaults to False.
        **kwargs: Other arguments of ``SegDataPreProcessor`` (size,
            pad_val, seg_pad_val, ...).

    Shapes:
        inputs: list of (3 + C_X, H, W) -> (B, 3 + C_X, H, W).
    """

    def __init__(self, mean: Sequence[float], std: Sequence[float],
                 x_mean: Sequence[float], x_std: Sequence[float],
                 bgr_to_rgb: bool = False, **kwargs) -> None:
        if len(x_mean) != len(x_std):
            raise ValueError('RGBXDataPreProcessor.x_mean and x_std differ in length.')
        super().__init__(mean=list(mean) + list(x_mean), std=list(std) + list(x_std),
                         bgr_to_rgb=False, **kwargs)
        self.num_img_channels = len(mean)
        self.img_bgr_to_rgb = bgr_to_rgb

    def forward(self, data: dict, training: bool = False) -> Dict[str, Any]:
        """Flip the image channels if asked, then normalise and stack."""
        expected = self.mean.shape[0]
        for item in data['inputs']:
            if item.shape[0] != expected:
                raise ValueError(f'RGBXDataPreProcessor expects {expected} input channels '
                                 f'(image + X), got {item.shape[0]}: add '
                                 'LoadXModalityFromFile/ConcatXModality to the pipeline.')
        if self.img_bgr_to_rgb:
            n = self.num_img_channels
            data = dict(data, inputs=[item[list(range(n))[::-1] + list(
                range(n, item.shape[0]))] for item in data['inputs']])
        return super().forward(data, training)
