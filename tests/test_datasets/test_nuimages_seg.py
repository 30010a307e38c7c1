"""NuImagesSegDataset on a tiny tree in the converter's mmseg layout."""
import os

import cv2
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmkd_ext  # noqa: F401


def test_dataset_paths_and_depth(tmp_path):
    root = str(tmp_path)
    for sub in ('img_dir/val', 'ann_dir/val', 'depth_dir/val'):
        os.makedirs(os.path.join(root, sub))
    seg = np.array([[0, 24, 255], [1, 19, 3]], np.uint8)
    cv2.imwrite(os.path.join(root, 'img_dir/val/n008_a.jpg'), np.zeros((2, 3, 3), np.uint8))
    cv2.imwrite(os.path.join(root, 'ann_dir/val/n008_a.png'), seg)
    cv2.imwrite(os.path.join(root, 'depth_dir/val/n008_a.png'), np.full((2, 3), 7, np.uint16))
    init_default_scope('mmseg')
    ds = DATASETS.build(dict(
        type='NuImagesSegDataset', data_root=root,
        data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val',
                         depth_path='depth_dir/val'),
        pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadXModalityFromFile'),
                  dict(type='LoadAnnotations')]))
    assert len(ds) == 1 and len(ds.metainfo['classes']) == 25
    out = ds[0]
    assert out['depth_path'].endswith('depth_dir/val/n008_a.png')
    np.testing.assert_array_equal(out['gt_seg_map'], seg)
    np.testing.assert_allclose(out['x_img'], 7.0)
