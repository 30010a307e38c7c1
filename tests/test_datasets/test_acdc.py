import numpy as np
import pytest
from mmcv import imwrite
from mmengine.registry import init_default_scope

from mmkd_ext.datasets import ACDCDataset


def fake_acdc(root):
    """All four conditions, the official folder layout, one image per split and sequence."""
    names = {}
    for cond in ('fog', 'night', 'rain', 'snow'):
        for split in ('train', 'val'):
            seq = f'GOPR{len(cond)}{split[0]}'
            name = f'{seq}_frame_000001'
            img = np.full((8, 16, 3), 50, np.uint8)
            gt = np.full((8, 16), 3, np.uint8)
            gt[0] = 255
            imwrite(img, str(root / 'rgb_anon' / cond / split / seq / f'{name}_rgb_anon.png'))
            imwrite(gt, str(root / 'gt' / cond / split / seq / f'{name}_gt_labelTrainIds.png'))
            names[(cond, split)] = name
    return names


def test_acdc_pools_conditions_of_one_split(tmp_path):
    names = fake_acdc(tmp_path)
    init_default_scope('mmseg')
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
                dict(type='PackSegInputs')]
    ds = ACDCDataset(split='val', data_root=str(tmp_path), pipeline=pipeline,
                     data_prefix=dict(img_path='rgb_anon', seg_map_path='gt'))
    assert len(ds) == 4
    assert [ds.get_data_info(i)['condition'] for i in range(4)] == ['fog', 'night', 'rain', 'snow']
    assert ds.get_data_info(1)['img_path'].endswith(
        f'rgb_anon/night/val/{names[("night", "val")].split("_")[0]}/'
        f'{names[("night", "val")]}_rgb_anon.png')
    assert ds.get_data_info(1)['seg_map_path'].endswith('_gt_labelTrainIds.png')
    sample = ds[0]['data_samples']
    label = sample.gt_sem_seg.data
    assert label.shape == (1, 8, 16) and set(label.unique().tolist()) == {3, 255}
    assert len(ds.metainfo['classes']) == 19
    only_fog = ACDCDataset(split='train', conditions=('fog', ), data_root=str(tmp_path),
                           data_prefix=dict(img_path='rgb_anon', seg_map_path='gt'))
    assert len(only_fog) == 1


def test_acdc_unknown_condition():
    with pytest.raises(ValueError, match='conditions'):
        ACDCDataset(conditions=('hail', ), lazy_init=True)
