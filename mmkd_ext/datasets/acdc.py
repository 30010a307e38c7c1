"""ACDC (Adverse Conditions Dataset with Correspondences) semantic segmentation."""
import os.path as osp
from typing import List, Sequence

from mmengine import fileio
from mmseg.datasets import CityscapesDataset

from ..registry import DATASETS

CONDITIONS = ('fog', 'night', 'rain', 'snow')


@DATASETS.register_module()
class ACDCDataset(CityscapesDataset):
    """ACDC with Cityscapes' 19 classes, conditions pooled (as TransKD does).

    Layout of the official download under ``data_root``::

        rgb_anon/<condition>/<split>/<sequence>/<name>_rgb_anon.png
        gt/<condition>/<split>/<sequence>/<name>_gt_labelTrainIds.png

    Args:
        split (str): 'train' or 'val'. Defaults to 'train'.
        conditions (Sequence[str]): Conditions to pool. Defaults to all four.
        img_suffix (str): Defaults to '_rgb_anon.png'.
        seg_map_suffix (str): Defaults to '_gt_labelTrainIds.png'.
        **kwargs: Other arguments of :class:`CityscapesDataset`, with
            ``data_prefix=dict(img_path='rgb_anon', seg_map_path='gt')``.
    """

    def __init__(self,
                 split: str = 'train',
                 conditions: Sequence[str] = CONDITIONS,
                 img_suffix: str = '_rgb_anon.png',
                 seg_map_suffix: str = '_gt_labelTrainIds.png',
                 **kwargs) -> None:
        unknown = set(conditions) - set(CONDITIONS)
        if unknown:
            raise ValueError(f'ACDCDataset conditions {sorted(unknown)} unknown; '
                             f'choose from {CONDITIONS}.')
        self.split = split
        self.conditions = tuple(conditions)
        super().__init__(img_suffix=img_suffix, seg_map_suffix=seg_map_suffix, **kwargs)

    def load_data_list(self) -> List[dict]:
        """Images of every condition's ``split`` folder, sorted per condition."""
        data_list = []
        for cond in self.conditions:
            img_dir = osp.join(self.data_prefix['img_path'], cond, self.split)
            ann_dir = osp.join(self.data_prefix['seg_map_path'], cond, self.split)
            for img in sorted(fileio.list_dir_or_file(
                    img_dir, list_dir=False, suffix=self.img_suffix, recursive=True,
                    backend_args=self.backend_args)):
                seg = img[:-len(self.img_suffix)] + self.seg_map_suffix
                data_list.append(dict(
                    img_path=osp.join(img_dir, img), seg_map_path=osp.join(ann_dir, seg),
                    label_map=self.label_map, reduce_zero_label=self.reduce_zero_label,
                    seg_fields=[], condition=cond))
        return data_list
