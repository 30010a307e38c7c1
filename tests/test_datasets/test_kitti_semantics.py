"""KITTISemanticsDataset on a tiny fake tree: Cityscapes ids -> 19 train ids, depth beside."""
import os

import cv2
import numpy as np
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmkd_ext  # noqa: F401

# Independent id -> train-id table (cityscapesscripts' labels.py, trainId column).
TRAIN_IDS = {7: 0, 8: 1, 11: 2, 12: 3, 13: 4, 17: 5, 19: 6, 20: 7, 21: 8, 22: 9, 23: 10,
             24: 11, 25: 12, 26: 13, 27: 14, 28: 15, 31: 16, 32: 17, 33: 18}


def test_dataset_maps_ids_and_attaches_depth(tmp_path):
    rng = np.random.default_rng(0)
    root = str(tmp_path)
    for sub in ('image_2', 'semantic', 'depth'):
        os.makedirs(os.path.join(root, 'training', sub))
    labels = {}
    for name in ('000000_10', '000001_10'):
        ids = rng.integers(0, 34, (5, 7)).astype(np.uint8)
        labels[name] = ids
        cv2.imwrite(os.path.join(root, 'training', 'semantic', name + '.png'), ids)
        cv2.imwrite(os.path.join(root, 'training', 'image_2', name + '.png'),
                    rng.integers(0, 255, (5, 7, 3)).astype(np.uint8))
        cv2.imwrite(os.path.join(root, 'training', 'depth', name + '.png'),
                    np.full((5, 7), 2560, np.uint16))
    init_default_scope('mmseg')
    ds = DATASETS.build(dict(
        type='KITTISemanticsDataset', data_root=root,
        data_prefix=dict(img_path='training/image_2', seg_map_path='training/semantic',
                         depth_path='training/depth'),
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadXModalityFromFile', key='depth_path', scale=256.0),
                  dict(type='LoadAnnotations')]))
    assert len(ds) == 2 and len(ds.metainfo['classes']) == 19
    info = ds.get_data_info(1)
    assert info['depth_path'].endswith(os.path.join('training', 'depth', '000001_10.png'))
    out = ds[1]
    expected = np.vectorize(lambda i: TRAIN_IDS.get(int(i), 255))(labels['000001_10'])
    np.testing.assert_array_equal(out['gt_seg_map'], expected)
    np.testing.assert_allclose(out['x_img'], 10.0)
