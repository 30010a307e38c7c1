"""Each layout writer's files read back, through the shipped dataset class and loaders of a
paper config, as the generator's classes mapped by name onto the dataset's classes."""
import json
import os
import os.path as osp

import cv2

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

from conftest import CONFIGS
from mmkd_ext.datasets.layouts import (CLASS_MAPS, DATASET_TYPES, DETECTION_CLASSES, WRITERS,
                                       dataset_classes, generate_detection_dataset,
                                       scaled_size, write_layout)
from mmkd_ext.datasets.street_scene_generator import CLASSES, generate_scene, scene_rng
from mmkd_ext.utils.reduced_config import dataset_type, replace_data_root

# one paper config per layout (its train dataset reads the layout)
LAYOUT_CONFIGS = dict(
    cityscapes='bckd/bckd_pspnet-r101_pspnet-r18_4xb2-80k_cityscapes-512x1024.py',
    acdc='transkd/transkd-base_mit-b2_mit-b0_1xb2-800k_acdc-512x910.py',
    kitti_semantics='lix/lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb3-80k_kitti-semantics-'
    '384x1248.py',
    vkitti2='lix/lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py',
    nuimages='lix/lix_sne-roadseg-r152-rgbd_sne-roadseg-r152_1xb8-80k_nuimages-288x512.py',
    nyuv2='transkd/transkd-base_mit-b2_mit-b0_1xb2-597k_nyuv2-480x640.py',
    voc12aug='bckd/bckd_pspnet-r101_pspnet-r18_4xb4-20k_voc12aug-512x512.py',
    ade20k='bckd/bckd_pspnet-r101_pspnet-r18_4xb4-160k_ade20k-512x512.py',
    coco_stuff10k='bckd/bckd_deeplabv3plus-r101_mobilenetv2_4xb4-20k_coco-stuff10k-512x512.py',
    coco='bckd/bckd_retinanet-r101_retinanet-r50_8xb2-1x_coco-1333x800.py')
SCALE = 0.0625


def test_every_layout_has_a_config_and_a_dataset_type():
    assert set(LAYOUT_CONFIGS) == set(WRITERS) == set(DATASET_TYPES.values())
    for layout, config in LAYOUT_CONFIGS.items():
        cfg = Config.fromfile(osp.join(CONFIGS, config))
        assert DATASET_TYPES[dataset_type(cfg)] == layout


@pytest.mark.parametrize('layout', sorted(CLASS_MAPS))
def test_class_maps_name_real_classes(layout):
    classes = dataset_classes(layout)
    assert all(name is None or name in classes for name in CLASS_MAPS[layout])


def expected_label(layout: str, label: np.ndarray) -> np.ndarray:
    """Generator label -> the class index the dataset should yield (255 unlabelled)."""
    classes = list(dataset_classes(layout if layout not in ('acdc', 'kitti_semantics')
                                   else 'cityscapes'))
    names = CLASS_MAPS['cityscapes' if layout in ('acdc', 'kitti_semantics') else layout]
    table = np.array([255 if n is None else classes.index(n) for n in names], np.uint8)
    return table[label]


def build_train_dataset(layout: str, root: str, loaders_only: bool):
    cfg = Config.fromfile(osp.join(CONFIGS, LAYOUT_CONFIGS[layout]))
    replace_data_root(cfg, root)
    ds = cfg.train_dataloader.dataset
    ds = ds.datasets[0] if 'datasets' in ds else ds
    if loaders_only:  # read the files, no augmentation
        ds.pipeline = [t for t in ds.pipeline if 'Load' in t['type'] and 'X' not in t['type']]
    if layout == 'coco':
        from mmdet.registry import DATASETS
        init_default_scope('mmdet')
    else:
        from mmseg.registry import DATASETS
        init_default_scope('mmseg')
    return DATASETS.build(ds)


@pytest.mark.parametrize('layout', sorted(set(WRITERS) - {'coco'}))
def test_segmentation_layout_reads_back_the_generated_classes(layout, tmp_path):
    root = write_layout(layout, str(tmp_path / layout), num_train=2, num_val=1, scale=SCALE)
    dataset = build_train_dataset(layout, root, loaders_only=True)
    assert len(dataset) == 2
    height, width = scaled_size(layout, SCALE)
    for i in range(2):
        _, label, _ = generate_scene(np.random.default_rng([0, 0, i]), height, width)
        results = dataset[i]
        assert results['img'].shape[:2] == (height, width)
        np.testing.assert_array_equal(results['gt_seg_map'], expected_label(layout, label))


def test_depth_units_follow_each_dataset(tmp_path):
    """vKITTI2 stores cm, KITTI 1/256 m, nuImages mm: the configs' scales give metres back."""
    from mmkd_ext.datasets.transforms import LoadXModalityFromFile
    for layout in ('vkitti2', 'kitti_semantics', 'nuimages'):
        _, _, depth_mm = generate_scene(np.random.default_rng([0, 0, 0]),
                                        *scaled_size(layout, SCALE))
        root = write_layout(layout, str(tmp_path / layout), num_train=1, num_val=1, scale=SCALE)
        cfg = Config.fromfile(osp.join(CONFIGS, LAYOUT_CONFIGS[layout]))
        load_x = next(t for t in cfg.train_dataloader.dataset.pipeline
                      if t['type'].endswith('LoadXModalityFromFile'))
        info = build_train_dataset(layout, root, loaders_only=True).get_data_info(0)
        kwargs = {k: v for k, v in load_x.items() if k != 'type'}
        x_img = LoadXModalityFromFile(**kwargs)(dict(info))['x_img']
        np.testing.assert_allclose(x_img[..., 0], depth_mm / 1000.0,
                                   atol=0.5 / kwargs['scale'] + 1e-6)


def test_coco_layout_reads_back_instances(tmp_path):
    root = write_layout('coco', str(tmp_path / 'coco'), num_train=3, num_val=1, scale=SCALE * 2)
    dataset = build_train_dataset('coco', root, loaders_only=False)
    assert len(dataset) >= 1  # images without any object are filtered by the config
    sample = dataset[0]
    instances = sample['data_samples'].gt_instances
    assert len(instances) > 0
    names = dataset.metainfo['classes']
    assert {names[i] for i in instances.labels.tolist()} <= {'car', 'person', 'fire hydrant',
                                                            'stop sign'}
    boxes = instances.bboxes.tensor
    assert (boxes[:, 2] > boxes[:, 0]).all() and (boxes[:, 3] > boxes[:, 1]).all()


def test_detection_dataset_boxes_are_the_scenes_object_components(tmp_path):
    """generate_detection_dataset: the four object classes, one box per connected component
    of each class in the scene's label map, read unchanged by the tiny detectors' dataset."""
    root = generate_detection_dataset(str(tmp_path / 'det'), num_train=3, num_val=1, seed=5,
                                      height=64, width=128)
    with open(osp.join(root, 'annotations', 'instances_train2017.json')) as f:
        coco = json.load(f)
    assert [c['name'] for c in coco['categories']] == list(DETECTION_CLASSES)
    for image in coco['images']:
        _, label, _ = generate_scene(scene_rng(5, 'train', image['id'] - 1), 64, 128)
        expected = set()
        for k, name in enumerate(DETECTION_CLASSES):
            count, comp = cv2.connectedComponents((label == CLASSES.index(name)).astype(
                np.uint8), connectivity=8)
            for j in range(1, count):
                ys, xs = np.nonzero(comp == j)
                if len(ys) >= 4:
                    expected.add((k + 1, xs.min(), ys.min(), xs.max() + 1, ys.max() + 1))
        got = {(a['category_id'], *np.array(a['bbox'][:2]).astype(int),
                int(a['bbox'][0] + a['bbox'][2]), int(a['bbox'][1] + a['bbox'][3]))
               for a in coco['annotations'] if a['image_id'] == image['id']}
        # every box is a component's; a component is left out only when it is too thin to
        # have a polygon (COCO masks are polygons)
        assert got <= expected
        assert all(min(x1 - x0, y1 - y0) <= 2 for _, x0, y0, x1, y1 in expected - got)
    # unchanged parameters: nothing is rewritten
    stamp = os.stat(osp.join(root, 'annotations', 'instances_train2017.json')).st_mtime_ns
    generate_detection_dataset(root, num_train=3, num_val=1, seed=5, height=64, width=128)
    assert os.stat(osp.join(root, 'annotations',
                            'instances_train2017.json')).st_mtime_ns == stamp
    cfg = Config.fromfile(osp.join(
        CONFIGS, 'tiny', 'gfl_r18-w16-tiny_1xb4-2000_offline-street-det-256x512.py'))
    cfg.train_dataloader.dataset.data_root = root
    init_default_scope('mmdet')
    from mmdet.registry import DATASETS
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    assert dataset.metainfo['classes'] == DETECTION_CLASSES and len(dataset) >= 1
    assert dataset[0]['inputs'].shape[1:] == (256, 512)  # the configs' input size
