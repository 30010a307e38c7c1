"""Virtual KITTI 2 with RGB, depth and class-colour segmentation in the official layout."""
import os.path as osp
from typing import List, Optional, Sequence

from mmengine import fileio
from mmseg.datasets import BaseSegDataset

from ..registry import DATASETS

# colors.txt of vKITTI2 (identical in every scene): name and RGB colour.
VKITTI2_CLASSES = ('Terrain', 'Sky', 'Tree', 'Vegetation', 'Building', 'Road', 'GuardRail',
                   'TrafficSign', 'TrafficLight', 'Pole', 'Misc', 'Truck', 'Car', 'Van',
                   'Undefined')
VKITTI2_PALETTE = ((210, 0, 200), (90, 200, 255), (0, 199, 0), (90, 240, 0), (140, 140, 140),
                   (100, 60, 100), (250, 100, 255), (255, 255, 0), (200, 200, 0),
                   (255, 130, 0), (80, 80, 80), (160, 60, 60), (255, 127, 80), (0, 139, 139),
                   (0, 0, 0))


@DATASETS.register_module()
class VKITTI2Dataset(BaseSegDataset):
    """vKITTI2 (15 classes of ``colors.txt``), read from the official tree.

    Layout under ``data_root`` (the rgb, depth and classSegmentation
    archives extracted into one tree, or each under its ``data_prefix``)::

        Scene01/clone/frames/rgb/Camera_0/rgb_00000.jpg
        Scene01/clone/frames/depth/Camera_0/depth_00000.png        uint16, cm
        Scene01/clone/frames/classSegmentation/Camera_0/classgt_00000.png  RGB colours
        Scene01/clone/colors.txt

    Labels stay colour PNGs: ``LoadVKITTI2Annotations`` maps colours to ids
    while loading (no conversion step). Depth is in centimetres: use
    ``LoadXModalityFromFile(scale=100.)`` for metres.

    Args:
        scenes (Sequence[str], optional): Scene folders; all ``Scene*`` if None.
        variations (Sequence[str]): Variation folders. Defaults to ('clone',).
        cameras (Sequence[str]): Camera folders. Defaults to ('Camera_0',).
        ann_file (str): Optional split file, one ``Scene01/clone/Camera_0/00042``
            per line (e.g. the paper's random 500/200 split of 700 frames).
        **kwargs: Arguments of :class:`BaseSegDataset`; ``data_prefix`` may
            hold ``img_path``, ``seg_map_path`` and ``depth_path`` roots.
    """
    METAINFO = dict(classes=VKITTI2_CLASSES, palette=VKITTI2_PALETTE)

    def __init__(self, scenes: Optional[Sequence[str]] = None,
                 variations: Sequence[str] = ('clone',),
                 cameras: Sequence[str] = ('Camera_0',), **kwargs) -> None:
        self.scenes = scenes
        self.variations = tuple(variations)
        self.cameras = tuple(cameras)
        kwargs.setdefault('data_prefix', dict(img_path='', seg_map_path='', depth_path=''))
        super().__init__(img_suffix='.jpg', seg_map_suffix='.png', **kwargs)

    def _frames(self) -> List[str]:
        """Frame keys ``Scene/variation/camera/id`` from ann_file or the tree."""
        if self.ann_file:
            lines = fileio.list_from_file(self.ann_file, backend_args=self.backend_args)
            return [line.strip() for line in lines if line.strip()]
        root = self.data_prefix.get('img_path', '')
        scenes = self.scenes or sorted(
            d for d in fileio.list_dir_or_file(root, list_file=False,
                                               backend_args=self.backend_args)
            if d.startswith('Scene'))
        keys = []
        for scene in scenes:
            for var in self.variations:
                for cam in self.cameras:
                    folder = osp.join(root, scene, var, 'frames', 'rgb', cam)
                    names = fileio.list_dir_or_file(folder, list_dir=False, suffix='.jpg',
                                                    backend_args=self.backend_args)
                    keys += [f'{scene}/{var}/{cam}/{n[4:-4]}' for n in sorted(names)]
        if not keys:
            raise FileNotFoundError(f'VKITTI2Dataset: no frames/rgb/<camera>/rgb_*.jpg under '
                                    f'data_root / data_prefix.img_path "{root}".')
        return keys

    def load_data_list(self) -> List[dict]:
        """Infos with ``img_path``, ``seg_map_path`` and ``depth_path``."""
        prefix = self.data_prefix
        data_list = []
        for key in self._frames():
            scene, var, cam, idx = key.split('/')

            def path(root: str, kind: str, name: str) -> str:
                return osp.join(root, scene, var, 'frames', kind, cam, name)
            info = dict(
                img_path=path(prefix.get('img_path', ''), 'rgb', f'rgb_{idx}.jpg'),
                seg_map_path=path(prefix.get('seg_map_path', ''), 'classSegmentation',
                                  f'classgt_{idx}.png'),
                label_map=self.label_map, reduce_zero_label=self.reduce_zero_label,
                seg_fields=[])
            if 'depth_path' in prefix:
                info['depth_path'] = path(prefix['depth_path'], 'depth', f'depth_{idx}.png')
            data_list.append(info)
        return data_list
