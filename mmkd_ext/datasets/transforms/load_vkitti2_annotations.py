"""vKITTI2 class-colour label maps -> class ids while loading."""
import mmcv
import numpy as np
from mmengine import fileio
from mmseg.datasets.transforms import LoadAnnotations

from ...registry import TRANSFORMS
from ..vkitti2 import VKITTI2_PALETTE


def colors_to_ids(color_map: np.ndarray, ignore_index: int = 255) -> np.ndarray:
    """Map an (H, W, 3) RGB colour map to (H, W) uint8 ids of
    ``VKITTI2_PALETTE``; unknown colours become ``ignore_index``."""
    code = (color_map[..., 0].astype(np.int64) << 16) | (
        color_map[..., 1].astype(np.int64) << 8) | color_map[..., 2]
    lut = {(r << 16) | (g << 8) | b: i for i, (r, g, b) in enumerate(VKITTI2_PALETTE)}
    ids = np.full(code.shape, ignore_index, dtype=np.uint8)
    for c, i in lut.items():
        ids[code == c] = i
    return ids


@TRANSFORMS.register_module()
class LoadVKITTI2Annotations(LoadAnnotations):
    """``LoadAnnotations`` for vKITTI2's ``classgt_*.png`` colour maps.

    Shapes:
        results['gt_seg_map']: (H, W) uint8 ids of ``VKITTI2Dataset``
        (colours not in ``colors.txt`` -> 255).
    """
    colour_labels = True  # the label files are colour PNGs (preflight decodes them with this)

    def _load_seg_map(self, results: dict) -> None:
        """Read the colour PNG and store class ids in ``gt_seg_map``."""
        raw = fileio.get(results['seg_map_path'], backend_args=self.backend_args)
        color = mmcv.imfrombytes(raw, flag='color', channel_order='rgb', backend='cv2')
        results['gt_seg_map'] = colors_to_ids(color)
        results['seg_fields'].append('gt_seg_map')
