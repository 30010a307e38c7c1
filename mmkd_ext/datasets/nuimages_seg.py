"""nuImages semantic segmentation in mmseg layout (from tools/dataset_converters/nuimages.py)."""
from typing import List

from mmseg.datasets import BaseSegDataset

from ..registry import DATASETS
from .x_modality_paths import attach_x_paths

# nuImages v1.0 categories (category.json names), in train-id order.
NUIMAGES_CLASSES = (
    'animal', 'flat.driveable_surface', 'human.pedestrian.adult',
    'human.pedestrian.child', 'human.pedestrian.construction_worker',
    'human.pedestrian.personal_mobility', 'human.pedestrian.police_officer',
    'human.pedestrian.stroller', 'human.pedestrian.wheelchair',
    'movable_object.barrier', 'movable_object.debris',
    'movable_object.pushable_pullable', 'movable_object.trafficcone',
    'static_object.bicycle_rack', 'vehicle.bicycle', 'vehicle.bus.bendy',
    'vehicle.bus.rigid', 'vehicle.car', 'vehicle.construction', 'vehicle.ego',
    'vehicle.emergency.ambulance', 'vehicle.emergency.police',
    'vehicle.motorcycle', 'vehicle.trailer', 'vehicle.truck')


@DATASETS.register_module()
class NuImagesSegDataset(BaseSegDataset):
    """nuImages after ``tools/dataset_converters/nuimages.py`` (25 classes,
    unannotated pixels 255).

    Layout under ``data_root``::

        img_dir/{train,val}/<name>.jpg
        ann_dir/{train,val}/<name>.png     train ids (uint8)
        depth_dir/{train,val}/<name>.png   depth you generate (e.g. Depth Anything)

    Args:
        depth_suffix (str): Suffix of the depth maps. Defaults to '.png'.
        **kwargs: Arguments of :class:`BaseSegDataset`, e.g.
            ``data_prefix=dict(img_path='img_dir/train',
            seg_map_path='ann_dir/train', depth_path='depth_dir/train')``.
    """
    METAINFO = dict(classes=NUIMAGES_CLASSES)

    def __init__(self, img_suffix: str = '.jpg', seg_map_suffix: str = '.png',
                 depth_suffix: str = '.png', **kwargs) -> None:
        self.depth_suffix = depth_suffix
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Infos with ``img_path``, ``seg_map_path`` and, when ``data_prefix``
        has it, ``depth_path``."""
        data_list = super().load_data_list()
        if 'depth_path' in self.data_prefix:
            attach_x_paths(data_list, self.data_prefix.get('img_path', ''),
                           self.data_prefix['depth_path'], self.img_suffix,
                           self.depth_suffix)
        return data_list
