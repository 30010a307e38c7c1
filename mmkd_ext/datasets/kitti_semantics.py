"""KITTI Semantics (KITTI-2015 semantic benchmark) with depth maps beside the images."""
from typing import List

from mmseg.datasets import CityscapesDataset

from ..registry import DATASETS
from .x_modality_paths import attach_x_paths

# Cityscapes label ids -> the 19 train ids; every other id (0-33) -> 255.
CITYSCAPES_ID_TO_TRAIN_ID = {i: 255 for i in range(34)}
CITYSCAPES_ID_TO_TRAIN_ID.update({
    7: 0, 8: 1, 11: 2, 12: 3, 13: 4, 17: 5, 19: 6, 20: 7, 21: 8, 22: 9, 23: 10,
    24: 11, 25: 12, 26: 13, 27: 14, 28: 15, 31: 16, 32: 17, 33: 18})


@DATASETS.register_module()
class KITTISemanticsDataset(CityscapesDataset):
    """KITTI Semantics with Cityscapes' 19 classes and a depth map per image.

    Layout under ``data_root`` (official download plus a depth folder)::

        training/image_2/000000_10.png     RGB
        training/semantic/000000_10.png    Cityscapes label ids (uint8)
        training/depth/000000_10.png       depth (assumed folder, uint16 PNG)

    The label ids are mapped to train ids while loading (``label_map`` in
    each info, applied by ``LoadAnnotations``). The depth folder is ours: the
    paper densifies the LiDAR ground truth with a stereo network, so any
    dense map with the image's name works; its scale goes to
    ``LoadXModalityFromFile(scale=...)``. The 200 labelled images have no
    official split: give ``ann_file`` (one image name per line, no suffix).

    Args:
        depth_suffix (str): Suffix of the depth maps. Defaults to '.png'.
        **kwargs: Arguments of :class:`CityscapesDataset`, e.g.
            ``data_prefix=dict(img_path='training/image_2',
            seg_map_path='training/semantic', depth_path='training/depth')``.
    """

    def __init__(self, img_suffix: str = '.png', seg_map_suffix: str = '.png',
                 depth_suffix: str = '.png', **kwargs) -> None:
        self.depth_suffix = depth_suffix
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Infos with ``img_path``, ``seg_map_path``, the id->train-id
        ``label_map`` and, when ``data_prefix`` has it, ``depth_path``."""
        data_list = super().load_data_list()
        for info in data_list:
            info['label_map'] = CITYSCAPES_ID_TO_TRAIN_ID
        if 'depth_path' in self.data_prefix:
            attach_x_paths(data_list, self.data_prefix.get('img_path', ''),
                           self.data_prefix['depth_path'], self.img_suffix,
                           self.depth_suffix)
        return data_list
