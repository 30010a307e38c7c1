"""tools/dataset_converters/nuimages.py on a tiny fake nuImages json + RLE tree."""
import base64
import importlib.util
import json
import os

import cv2
import numpy as np
from pycocotools import mask as mask_utils

from conftest import REPO
from mmkd_ext.datasets.nuimages_seg import NUIMAGES_CLASSES

H, W = 4, 6


def load_converter():
    spec = importlib.util.spec_from_file_location(
        'nuimages_converter', os.path.join(REPO, 'tools', 'dataset_converters', 'nuimages.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rle(mask):
    enc = mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))
    return dict(size=list(enc['size']), counts=base64.b64encode(enc['counts']).decode())


def write_tree(root):
    os.makedirs(os.path.join(root, 'samples', 'CAM_FRONT'))
    os.makedirs(os.path.join(root, 'v1.0-train'))
    cats = [dict(token='c_road', name='flat.driveable_surface'),
            dict(token='c_car', name='vehicle.car')]
    road = np.zeros((H, W), bool)
    road[2:] = True
    car = np.zeros((H, W), bool)
    car[1:3, 1:3] = True  # drawn after the surface: overwrites the road
    sample_data, surface, objects = [], [], []
    for i in range(3):
        name = f'samples/CAM_FRONT/f{i}.jpg'
        cv2.imwrite(os.path.join(root, name), np.full((H, W, 3), i, np.uint8))
        sample_data.append(dict(token=f'sd{i}', filename=name, is_key_frame=True,
                                height=H, width=W))
        surface.append(dict(token=f's{i}', sample_data_token=f'sd{i}', category_token='c_road',
                            mask=rle(road)))
        objects.append(dict(token=f'o{i}', sample_data_token=f'sd{i}', category_token='c_car',
                            bbox=[1, 1, 3, 3], mask=rle(car)))
    # A sweep (not a key frame) is skipped.
    sample_data.append(dict(token='sweep', filename='samples/CAM_FRONT/x.jpg',
                            is_key_frame=False, height=H, width=W))
    for name, rows in [('category', cats), ('sample_data', sample_data),
                       ('surface_ann', surface), ('object_ann', objects)]:
        with open(os.path.join(root, 'v1.0-train', f'{name}.json'), 'w') as f:
            json.dump(rows, f)
    expected = np.full((H, W), 255, np.uint8)
    expected[road] = NUIMAGES_CLASSES.index('flat.driveable_surface')
    expected[car] = NUIMAGES_CLASSES.index('vehicle.car')
    return expected


def test_convert_to_mmseg_layout(tmp_path):
    src, out = str(tmp_path / 'nuimages'), str(tmp_path / 'seg')
    expected = write_tree(src)
    counts = load_converter().convert(src, out, versions=['v1.0-train'], num_images=3,
                                      val_ratio=1 / 3, seed=0)
    assert counts == dict(train=2, val=1)
    names = {s: sorted(os.listdir(os.path.join(out, 'ann_dir', s))) for s in ('train', 'val')}
    assert sorted(names['train'] + names['val']) == ['f0.png', 'f1.png', 'f2.png']
    for split, files in names.items():
        for f in files:
            seg = cv2.imread(os.path.join(out, 'ann_dir', split, f), cv2.IMREAD_UNCHANGED)
            np.testing.assert_array_equal(seg, expected)
            assert os.path.isfile(os.path.join(out, 'img_dir', split, f[:-4] + '.jpg'))
