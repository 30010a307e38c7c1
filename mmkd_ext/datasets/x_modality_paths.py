"""Attach the path of an aligned X map (depth, ...) to mmseg data infos."""
import os.path as osp
from typing import List


def attach_x_paths(data_list: List[dict], img_dir: str, x_dir: str, img_suffix: str,
                   x_suffix: str, key: str = 'depth_path') -> List[dict]:
    """Give each info ``key``: ``x_dir`` + the image's path relative to
    ``img_dir`` with ``img_suffix`` replaced by ``x_suffix`` (the key that
    :class:`LoadXModalityFromFile` reads).

    Args:
        data_list (list[dict]): Infos with ``img_path``.
        img_dir (str): Image folder (``data_prefix['img_path']``).
        x_dir (str): X folder (``data_prefix[key]``).
        img_suffix (str): Image suffix to strip.
        x_suffix (str): X-map suffix to append.
        key (str): Info key to set. Defaults to 'depth_path'.

    Returns:
        list[dict]: The same infos, updated in place.
    """
    for info in data_list:
        stem = osp.relpath(info['img_path'], img_dir)[:-len(img_suffix)]
        info[key] = osp.join(x_dir, stem + x_suffix)
    return data_list
