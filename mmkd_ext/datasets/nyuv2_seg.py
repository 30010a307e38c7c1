"""NYU Depth V2 semantic segmentation with the 40-class labels (RGB only)."""
from mmseg.datasets import BaseSegDataset

from ..registry import DATASETS

NYU40_CLASSES = (
    'wall', 'floor', 'cabinet', 'bed', 'chair', 'sofa', 'table', 'door', 'window',
    'bookshelf', 'picture', 'counter', 'blinds', 'desk', 'shelves', 'curtain', 'dresser',
    'pillow', 'mirror', 'floor mat', 'clothes', 'ceiling', 'books', 'refrigerator',
    'television', 'paper', 'towel', 'shower curtain', 'box', 'whiteboard', 'person',
    'night stand', 'toilet', 'sink', 'lamp', 'bathtub', 'bag', 'otherstructure',
    'otherfurniture', 'otherprop')


@DATASETS.register_module()
class NYUv2SegDataset(BaseSegDataset):
    """NYUv2 (795 train / 654 test) with the 40 classes of Gupta et al.

    Layout under ``data_root``: ``images/{train,test}/<name>.jpg`` and
    ``annotations/{train,test}/<name>.png`` where the label png holds
    0 = unlabelled and 1..40 = the classes (``reduce_zero_label=True`` maps
    them to 255 and 0..39). This is mmseg's NYU folder layout (its
    ``NYUDataset`` is for depth) with 40-class label maps instead of depth.

    Args:
        img_suffix (str): Defaults to '.jpg'.
        seg_map_suffix (str): Defaults to '.png'.
        reduce_zero_label (bool): Defaults to True.
        **kwargs: Other arguments of :class:`BaseSegDataset`.
    """
    METAINFO = dict(classes=NYU40_CLASSES)

    def __init__(self, img_suffix: str = '.jpg', seg_map_suffix: str = '.png',
                 reduce_zero_label: bool = True, **kwargs) -> None:
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix,
                         reduce_zero_label=reduce_zero_label, **kwargs)
