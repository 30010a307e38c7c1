import os.path as osp

import cv2
import numpy as np
import pytest
from mmseg.registry import DATASETS, TRANSFORMS

from mmkd_ext.datasets.offline_street import OfflineStreetDataset
from mmkd_ext.datasets.street_scene_generator import CLASSES, generate_dataset

PREFIX = dict(
    img_path='img_dir/train',
    seg_map_path='ann_dir/train',
    depth_path='depth_dir/train')


@pytest.fixture(scope='module')
def data_root(tmp_path_factory):
    return generate_dataset(
        str(tmp_path_factory.mktemp('offline_street')),
        num_train=4,
        num_val=2,
        seed=0,
        height=64,
        width=128)


def _stem(path: str) -> str:
    return osp.splitext(osp.basename(path))[0]


def test_registered_and_metainfo(data_root):
    dataset = DATASETS.build(
        dict(
            type='OfflineStreetDataset',
            data_root=data_root,
            data_prefix=PREFIX))
    assert isinstance(dataset, OfflineStreetDataset)
    assert dataset.metainfo['classes'] == CLASSES
    assert len(dataset.metainfo['palette']) == len(CLASSES)


@pytest.mark.parametrize('split,num', [('train', 4), ('val', 2)])
def test_data_list_has_depth(data_root, split, num):
    dataset = OfflineStreetDataset(
        data_root=data_root,
        data_prefix=dict(
            img_path=f'img_dir/{split}',
            seg_map_path=f'ann_dir/{split}',
            depth_path=f'depth_dir/{split}'))
    assert len(dataset) == num
    for idx in range(num):
        info = dataset.get_data_info(idx)
        assert not info['reduce_zero_label']
        paths = [
            info[key] for key in ('img_path', 'seg_map_path', 'depth_path')
        ]
        assert all(osp.isfile(path) for path in paths)
        assert len({_stem(path) for path in paths}) == 1
        assert osp.dirname(info['depth_path']) == osp.join(
            data_root, 'depth_dir', split)


def test_depth_path_is_optional(data_root):
    dataset = OfflineStreetDataset(
        data_root=data_root,
        data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'))
    assert 'depth_path' not in dataset.get_data_info(0)


def test_missing_data_root_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        OfflineStreetDataset(
            data_root=str(tmp_path / 'missing'), data_prefix=PREFIX)
    message = str(err.value)
    assert 'data_root' in message
    assert 'generate_offline_street.py --out' in message


def test_empty_image_folder_is_explained(tmp_path):
    (tmp_path / 'img_dir' / 'train').mkdir(parents=True)
    with pytest.raises(FileNotFoundError) as err:
        OfflineStreetDataset(data_root=str(tmp_path), data_prefix=PREFIX)
    assert 'data_prefix.img_path' in str(err.value)


def test_loading_pipeline(data_root):
    dataset = OfflineStreetDataset(data_root=data_root, data_prefix=PREFIX)
    load_image = TRANSFORMS.build(dict(type='LoadImageFromFile'))
    load_ann = TRANSFORMS.build(dict(type='LoadAnnotations'))
    results = load_ann(load_image(dataset.get_data_info(1)))
    assert results['img'].shape == (64, 128, 3)
    assert results['img'].dtype == np.uint8
    assert results['gt_seg_map'].shape == (64, 128)
    np.testing.assert_array_equal(results['img'],
                                  cv2.imread(results['img_path']))
    np.testing.assert_array_equal(
        results['gt_seg_map'],
        cv2.imread(results['seg_map_path'], cv2.IMREAD_UNCHANGED))
    depth = cv2.imread(results['depth_path'], cv2.IMREAD_UNCHANGED)
    assert depth.shape == (64, 128) and depth.dtype == np.uint16
