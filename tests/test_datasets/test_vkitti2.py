"""VKITTI2Dataset on a tiny fake tree in the official layout; colour -> id labels."""
import os

import cv2
import numpy as np
import pytest
from mmengine.registry import init_default_scope
from mmseg.registry import DATASETS

import mmkd_ext  # noqa: F401
from mmkd_ext.datasets.transforms.load_vkitti2_annotations import colors_to_ids
from mmkd_ext.datasets.vkitti2 import VKITTI2_PALETTE

H, W = 6, 8


def write_frame(root, scene, idx, rng):
    base = os.path.join(root, scene, 'clone', 'frames')
    for kind in ('rgb', 'depth', 'classSegmentation'):
        os.makedirs(os.path.join(base, kind, 'Camera_0'), exist_ok=True)
    ids = rng.integers(0, 15, (H, W)).astype(np.uint8)
    ids[0, 0] = 255  # a colour not in colors.txt
    color = np.array(VKITTI2_PALETTE + ((1, 2, 3),), dtype=np.uint8)[np.minimum(ids, 15)]
    cv2.imwrite(os.path.join(base, 'classSegmentation', 'Camera_0', f'classgt_{idx}.png'),
                color[..., ::-1])
    depth = rng.integers(0, 65535, (H, W)).astype(np.uint16)
    cv2.imwrite(os.path.join(base, 'depth', 'Camera_0', f'depth_{idx}.png'), depth)
    cv2.imwrite(os.path.join(base, 'rgb', 'Camera_0', f'rgb_{idx}.jpg'),
                rng.integers(0, 255, (H, W, 3)).astype(np.uint8))
    with open(os.path.join(root, scene, 'clone', 'colors.txt'), 'w') as f:
        f.write('Category r g b\n')
    return ids, depth


@pytest.fixture
def vkitti_tree(tmp_path):
    rng = np.random.default_rng(0)
    frames = {}
    for scene, idx in [('Scene01', '00000'), ('Scene01', '00001'), ('Scene02', '00000')]:
        frames[f'{scene}/{idx}'] = write_frame(str(tmp_path), scene, idx, rng)
    return str(tmp_path), frames


def test_colors_to_ids_unknown_is_ignore():
    color = np.array([[VKITTI2_PALETTE[5], (1, 2, 3)]], dtype=np.uint8)
    assert colors_to_ids(color).tolist() == [[5, 255]]


def test_dataset_paths_labels_and_depth(vkitti_tree):
    root, frames = vkitti_tree
    init_default_scope('mmseg')
    ds = DATASETS.build(dict(
        type='VKITTI2Dataset', data_root=root,
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadXModalityFromFile', key='depth_path', scale=100.0),
                  dict(type='LoadVKITTI2Annotations')]))
    assert len(ds) == 3 and len(ds.metainfo['classes']) == 15
    info = ds.get_data_info(0)
    assert info['img_path'].endswith('Scene01/clone/frames/rgb/Camera_0/rgb_00000.jpg')
    assert info['seg_map_path'].endswith(
        'Scene01/clone/frames/classSegmentation/Camera_0/classgt_00000.png')
    assert info['depth_path'].endswith('Scene01/clone/frames/depth/Camera_0/depth_00000.png')
    out = ds[2]
    ids, depth = frames['Scene02/00000']
    np.testing.assert_array_equal(out['gt_seg_map'], ids)
    np.testing.assert_allclose(out['x_img'][..., 0], depth / 100.0, rtol=1e-6)


def test_split_file_and_scene_filter(vkitti_tree, tmp_path):
    root, _ = vkitti_tree
    split = tmp_path / 'val.txt'
    split.write_text('Scene02/clone/Camera_0/00000\n')
    ds = DATASETS.build(dict(type='VKITTI2Dataset', data_root=root, ann_file=str(split)))
    assert [d['img_path'][-30:] for d in ds] == [ds[0]['img_path'][-30:]]
    assert 'Scene02' in ds[0]['img_path']
    ds = DATASETS.build(dict(type='VKITTI2Dataset', data_root=root, scenes=['Scene01']))
    assert len(ds) == 2


def test_empty_tree_names_data_root(tmp_path):
    with pytest.raises(FileNotFoundError, match='data_root'):
        DATASETS.build(dict(type='VKITTI2Dataset', data_root=str(tmp_path)))
