"""Dataset of procedurally generated street scenes with depth maps."""
from typing import List

from mmengine import fileio
from mmseg.datasets import BaseSegDataset

from ..registry import DATASETS
from .street_scene_generator import CLASSES, PALETTE
from .x_modality_paths import attach_x_paths

_GENERATE_CMD = ('python tools/dataset_converters/generate_offline_street.py '
                 '--out {}')


@DATASETS.register_module()
class OfflineStreetDataset(BaseSegDataset):
    """Offline street scenes written by
    ``tools/dataset_converters/generate_offline_street.py``.

    Layout under ``data_root``: ``img_dir/{train,val}`` (RGB ``.png``),
    ``ann_dir/{train,val}`` (uint8 class-index ``.png``) and
    ``depth_dir/{train,val}`` (uint16 ``.png``, millimetres). When
    ``data_prefix`` has a ``depth_path`` key, every data info gets a
    ``depth_path`` entry: the depth map with the image's relative path and
    ``depth_suffix``.

    Args:
        img_suffix (str): Suffix of images. Defaults to '.png'.
        seg_map_suffix (str): Suffix of label maps. Defaults to '.png'.
        depth_suffix (str): Suffix of depth maps. Defaults to '.png'.
        reduce_zero_label (bool): Whether to mark label 0 as ignored.
            Defaults to False.
        **kwargs: Other arguments of :class:`BaseSegDataset`, e.g.
            ``data_root`` and ``data_prefix=dict(img_path='img_dir/train',
            seg_map_path='ann_dir/train', depth_path='depth_dir/train')``.
    """
    METAINFO = dict(classes=CLASSES, palette=PALETTE)

    def __init__(self,
                 img_suffix: str = '.png',
                 seg_map_suffix: str = '.png',
                 depth_suffix: str = '.png',
                 reduce_zero_label: bool = False,
                 **kwargs) -> None:
        self.depth_suffix = depth_suffix
        super().__init__(
            img_suffix=img_suffix,
            seg_map_suffix=seg_map_suffix,
            reduce_zero_label=reduce_zero_label,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """Load data infos and attach ``depth_path`` when configured.

        Returns:
            list[dict]: Data infos with ``img_path``, ``seg_map_path`` and,
            if ``data_prefix`` has ``depth_path``, ``depth_path``.
        """
        self._check_images_exist()
        data_list = super().load_data_list()
        depth_dir = self.data_prefix.get('depth_path')
        if depth_dir is not None:
            attach_x_paths(data_list, self.data_prefix.get('img_path', ''),
                           depth_dir, self.img_suffix, self.depth_suffix)
        return data_list

    def _check_images_exist(self) -> None:
        """Raise a helpful error when the generated data is missing."""
        img_dir = self.data_prefix.get('img_path', '')
        hint = ('Check the config keys `data_root` and `data_prefix.img_path`'
                '; create the data with `' +
                _GENERATE_CMD.format(self.data_root or '<data_root>') + '`.')
        if self.data_root and not fileio.isdir(
                self.data_root, backend_args=self.backend_args):
            raise FileNotFoundError(
                f'OfflineStreetDataset: data_root "{self.data_root}" does '
                f'not exist. {hint}')
        if not self._has_images(img_dir):
            raise FileNotFoundError(
                f'OfflineStreetDataset: no "*{self.img_suffix}" images in '
                f'data_prefix.img_path "{img_dir}". {hint}')

    def _has_images(self, img_dir: str) -> bool:
        if not fileio.isdir(img_dir, backend_args=self.backend_args):
            return False
        images = fileio.list_dir_or_file(
            img_dir,
            list_dir=False,
            suffix=self.img_suffix,
            recursive=True,
            backend_args=self.backend_args)
        return next(iter(images), None) is not None
