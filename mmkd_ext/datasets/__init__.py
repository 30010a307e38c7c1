from .offline_street import OfflineStreetDataset
from .street_scene_generator import (CLASSES, PALETTE, generate_dataset,
                                     generate_scene)
from .acdc import ACDCDataset
from .nyuv2_seg import NYUv2SegDataset
from .kitti_semantics import KITTISemanticsDataset
from .nuimages_seg import NuImagesSegDataset
from .vkitti2 import VKITTI2Dataset
from .layouts import DETECTION_CLASSES, generate_detection_dataset
from .transforms import *  # noqa: F401,F403
from .transforms import __all__ as _transforms

__all__ = [
    'OfflineStreetDataset', 'CLASSES', 'PALETTE', 'generate_dataset',
    'generate_scene', 'ACDCDataset', 'NYUv2SegDataset',
    'KITTISemanticsDataset', 'NuImagesSegDataset', 'VKITTI2Dataset',
    'DETECTION_CLASSES', 'generate_detection_dataset'
] + _transforms
