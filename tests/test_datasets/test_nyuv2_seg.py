import numpy as np
from mmcv import imwrite
from mmengine.registry import init_default_scope

from mmkd_ext.datasets import NYUv2SegDataset


def test_nyuv2_layout_and_zero_label_reduction(tmp_path):
    for split, n in (('train', 2), ('test', 1)):
        for i in range(n):
            img = np.zeros((6, 8, 3), np.uint8)
            imwrite(img, str(tmp_path / 'images' / split / f'{i:04d}.jpg'))
            label = np.array([[0, 1, 40, 7] * 2] * 6, np.uint8)
            imwrite(label, str(tmp_path / 'annotations' / split / f'{i:04d}.png'))
    init_default_scope('mmseg')
    pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
                dict(type='PackSegInputs')]
    prefix = dict(img_path='images/train', seg_map_path='annotations/train')
    ds = NYUv2SegDataset(data_root=str(tmp_path), pipeline=pipeline, data_prefix=prefix)
    assert len(ds) == 2 and len(ds.metainfo['classes']) == 40
    assert ds.metainfo['classes'][0] == 'wall' and ds.metainfo['classes'][39] == 'otherprop'
    label = ds[0]['data_samples'].gt_sem_seg.data
    # 0 (unlabelled) -> 255, class k -> k - 1
    assert sorted(label.unique().tolist()) == [0, 6, 39, 255]
