"""Generated street scenes written in the on-disk layout of each dataset a paper config reads.

Every writer takes the scenes of the offline generator (RGB, label, depth) and writes them with
the file names, split files, label encoding and depth units of one real dataset, so that the
shipped dataset class and pipeline read them unchanged. The generator's ten classes are mapped
by name onto the dataset's classes (``CLASS_MAPS``; ``None`` = the dataset's unlabelled value).

Example:
    >>> write_layout('cityscapes', 'data/cityscapes', num_train=4, num_val=2, scale=0.125)
"""
import json
import os
import os.path as osp
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

import cv2
import numpy as np
from PIL import Image

from .kitti_semantics import CITYSCAPES_ID_TO_TRAIN_ID
from .nuimages_seg import NUIMAGES_CLASSES
from .nyuv2_seg import NYU40_CLASSES
from .street_scene_generator import (CLASSES, DEPTH_SCALE, GENERATOR_VERSION,
                                     generate_scene, scene_rng, write_image)
from .vkitti2 import VKITTI2_CLASSES, VKITTI2_PALETTE

Scene = Tuple[int, np.ndarray, np.ndarray, np.ndarray]  # index, RGB, label, depth (mm)

_CITYSCAPES = ('road', 'sidewalk', 'building', 'pole', 'vegetation', 'sky', 'car', 'person',
               'fence', 'traffic sign')
# generator class (CLASSES order) -> dataset class name; None = unlabelled
CLASS_MAPS: Dict[str, Sequence[Optional[str]]] = dict(
    cityscapes=_CITYSCAPES,
    ade20k=('road', 'sidewalk', 'building', 'pole', 'tree', 'sky', 'car', 'person', 'box',
            'signboard'),
    coco_stuff10k=('road', 'pavement', 'building-other', 'metal', 'tree', 'sky-other', 'car',
                   'person', 'fence', 'banner'),
    voc12aug=('background', 'background', 'background', 'background', 'pottedplant',
              'background', 'car', 'person', 'chair', 'tvmonitor'),
    nyuv2=('floor', 'floor mat', 'wall', 'otherstructure', 'otherprop', 'ceiling',
           'otherfurniture', 'person', 'box', 'picture'),
    vkitti2=('Road', 'Terrain', 'Building', 'Pole', 'Vegetation', 'Sky', 'Car', 'Misc',
             'GuardRail', 'TrafficSign'),
    # nuImages annotates the drivable surface and objects only
    nuimages=('flat.driveable_surface', None, None, None, None, None, 'vehicle.car',
              'human.pedestrian.adult', 'movable_object.barrier', None),
    # detection: the object classes become instances (stuff classes carry no box)
    coco=(None, None, None, None, None, None, 'car', 'person', 'fire hydrant', 'stop sign'),
)
# the dataset's native image size (H, W); the scale factor multiplies it
NATIVE_SIZES = dict(cityscapes=(1024, 2048), acdc=(1080, 1920), kitti_semantics=(375, 1242),
                    vkitti2=(375, 1242), nuimages=(900, 1600), nyuv2=(480, 640),
                    voc12aug=(375, 500), ade20k=(512, 683), coco_stuff10k=(480, 640),
                    coco=(480, 640))


def dataset_classes(layout: str) -> Tuple[str, ...]:
    """Class names of the dataset a layout feeds, from its dataset class."""
    from mmdet.datasets import CocoDataset
    from mmseg.datasets import (ADE20KDataset, CityscapesDataset, COCOStuffDataset,
                                PascalVOCDataset)
    return dict(cityscapes=CityscapesDataset.METAINFO['classes'],
                ade20k=ADE20KDataset.METAINFO['classes'],
                coco_stuff10k=COCOStuffDataset.METAINFO['classes'],
                voc12aug=PascalVOCDataset.METAINFO['classes'], nyuv2=NYU40_CLASSES,
                vkitti2=VKITTI2_CLASSES, nuimages=NUIMAGES_CLASSES,
                coco=CocoDataset.METAINFO['classes'])[layout]


def label_table(layout: str, offset: int = 0, unlabelled: int = 255) -> np.ndarray:
    """Lookup table: generator class index -> the dataset's stored label value.

    Args:
        layout (str): Key of ``CLASS_MAPS``.
        offset (int): Added to the class index (1 where 0 means unlabelled on disk).
        unlabelled (int): Value for generator classes the dataset does not annotate.
    """
    classes = list(dataset_classes(layout))
    return np.array([unlabelled if name is None else classes.index(name) + offset
                     for name in CLASS_MAPS[layout]], np.uint8)


def _save(path: str, array: np.ndarray, rgb: bool = False) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    write_image(path, array[..., ::-1] if rgb else array)


def _write_lines(path: str, lines: Sequence[str]) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(''.join(line + '\n' for line in lines))


SceneSource = Callable[[str], Iterator[Scene]]


def write_cityscapes(out: str, scenes: SceneSource) -> None:
    """``leftImg8bit/<split>/<city>/<name>_leftImg8bit.png`` and ``gtFine/...`` with
    ``_gtFine_labelTrainIds.png`` (19 train ids, as mmseg's converter writes them)."""
    table = label_table('cityscapes')
    for split, city in (('train', 'aachen'), ('val', 'frankfurt')):
        for i, rgb, label, _ in scenes(split):
            stem = f'{city}/{city}_{i:06d}_000019'
            _save(osp.join(out, 'leftImg8bit', split, f'{stem}_leftImg8bit.png'), rgb, True)
            _save(osp.join(out, 'gtFine', split, f'{stem}_gtFine_labelTrainIds.png'),
                  table[label])


def write_acdc(out: str, scenes: SceneSource) -> None:
    """``rgb_anon/<condition>/<split>/<sequence>/<name>_rgb_anon.png`` and ``gt/...``
    ``_gt_labelTrainIds.png``; the scenes cycle through the four conditions (every
    condition folder exists, as in the download)."""
    table = label_table('cityscapes')
    for split in ('train', 'val'):
        for cond in ('fog', 'night', 'rain', 'snow'):
            for kind in ('rgb_anon', 'gt'):
                os.makedirs(osp.join(out, kind, cond, split), exist_ok=True)
        for i, rgb, label, _ in scenes(split):
            cond = ('fog', 'night', 'rain', 'snow')[i % 4]
            stem = f'{cond}/{split}/GOPR0{i:03d}/GOPR0{i:03d}_frame_{i:06d}'
            _save(osp.join(out, 'rgb_anon', f'{stem}_rgb_anon.png'), rgb, True)
            _save(osp.join(out, 'gt', f'{stem}_gt_labelTrainIds.png'), table[label])


def write_kitti_semantics(out: str, scenes: SceneSource) -> None:
    """``training/{image_2,semantic,depth}/<i>_10.png`` (Cityscapes label ids; depth uint16 in
    1/256 m) and ``splits/{train,val}.txt``."""
    train_to_id = {t: i for i, t in CITYSCAPES_ID_TO_TRAIN_ID.items() if t != 255}
    table = np.array([train_to_id[t] for t in label_table('cityscapes')], np.uint8)
    offset = 0
    for split in ('train', 'val'):
        names = []
        for i, rgb, label, depth in scenes(split):
            name = f'{offset + i:06d}_10'
            names.append(name)
            _save(osp.join(out, 'training', 'image_2', name + '.png'), rgb, True)
            _save(osp.join(out, 'training', 'semantic', name + '.png'), table[label])
            _save(osp.join(out, 'training', 'depth', name + '.png'), _depth(depth, 256.0))
        _write_lines(osp.join(out, 'splits', f'{split}.txt'), names)
        offset += len(names)


def write_vkitti2(out: str, scenes: SceneSource) -> None:
    """``Scene0X/clone/frames/{rgb,depth,classSegmentation}/Camera_0/...`` (colour labels,
    depth uint16 in cm), ``colors.txt`` and ``splits/{train,val}.txt``."""
    palette = np.array(VKITTI2_PALETTE, np.uint8)[label_table('vkitti2')]
    for split, scene in (('train', 'Scene01'), ('val', 'Scene02')):
        root, keys = osp.join(out, scene, 'clone'), []
        for i, rgb, label, depth in scenes(split):
            frames = osp.join(root, 'frames')
            _save(osp.join(frames, 'rgb', 'Camera_0', f'rgb_{i:05d}.jpg'), rgb, True)
            _save(osp.join(frames, 'depth', 'Camera_0', f'depth_{i:05d}.png'), _depth(depth, 100.0))
            _save(osp.join(frames, 'classSegmentation', 'Camera_0', f'classgt_{i:05d}.png'),
                  palette[label], True)
            keys.append(f'{scene}/clone/Camera_0/{i:05d}')
        _write_lines(osp.join(root, 'colors.txt'), ['Category r g b'] + [
            f'{name} {r} {g} {b}' for name, (r, g, b) in zip(VKITTI2_CLASSES, VKITTI2_PALETTE)])
        _write_lines(osp.join(out, 'splits', f'{split}.txt'), keys)


def write_nuimages(out: str, scenes: SceneSource) -> None:
    """``{img,ann,depth}_dir/<split>/<name>`` as ``tools/dataset_converters/nuimages.py``
    writes them (25 train ids, 255 unannotated; depth uint16 in mm)."""
    table = label_table('nuimages')
    for split in ('train', 'val'):
        for i, rgb, label, depth in scenes(split):
            name = f'n008-2018-{split}-{i:05d}'
            _save(osp.join(out, 'img_dir', split, name + '.jpg'), rgb, True)
            _save(osp.join(out, 'ann_dir', split, name + '.png'), table[label])
            _save(osp.join(out, 'depth_dir', split, name + '.png'), _depth(depth, 1000.0))


def write_nyuv2(out: str, scenes: SceneSource) -> None:
    """``images/{train,test}/<i>.jpg`` and ``annotations/...png`` (0 unlabelled, 1..40)."""
    table = label_table('nyuv2', offset=1, unlabelled=0)
    for split, folder in (('train', 'train'), ('val', 'test')):
        for i, rgb, label, _ in scenes(split):
            _save(osp.join(out, 'images', folder, f'{i:06d}.jpg'), rgb, True)
            _save(osp.join(out, 'annotations', folder, f'{i:06d}.png'), table[label])


def write_voc12aug(out: str, scenes: SceneSource) -> None:
    """VOC2012 with SBD's augmentation: ``JPEGImages``, ``SegmentationClass`` (palette PNG),
    ``SegmentationClassAug`` (plain index PNG), ``ImageSets/Segmentation/{train,val,aug}.txt``."""
    from mmseg.datasets import PascalVOCDataset
    table = label_table('voc12aug')
    palette = [c for rgb in PascalVOCDataset.METAINFO['palette'] for c in rgb]
    for split in ('train', 'val'):
        names = []
        for i, rgb, label, _ in scenes(split):
            name = f'2007_{i + (0 if split == "train" else 100000):06d}'
            names.append(name)
            _save(osp.join(out, 'JPEGImages', name + '.jpg'), rgb, True)
            index = Image.fromarray(table[label], mode='P')
            index.putpalette(palette)
            os.makedirs(osp.join(out, 'SegmentationClass'), exist_ok=True)
            index.save(osp.join(out, 'SegmentationClass', name + '.png'))
            _save(osp.join(out, 'SegmentationClassAug', name + '.png'), table[label])
        _write_lines(osp.join(out, 'ImageSets', 'Segmentation', f'{split}.txt'), names)
        if split == 'train':
            _write_lines(osp.join(out, 'ImageSets', 'Segmentation', 'aug.txt'), names)


def write_ade20k(out: str, scenes: SceneSource) -> None:
    """``images/{training,validation}/ADE_*.jpg`` and ``annotations/...png`` (0 other, 1..150)."""
    table = label_table('ade20k', offset=1, unlabelled=0)
    for split, folder, prefix in (('train', 'training', 'ADE_train'),
                                  ('val', 'validation', 'ADE_val')):
        for i, rgb, label, _ in scenes(split):
            name = f'{prefix}_{i + 1:08d}'
            _save(osp.join(out, 'images', folder, name + '.jpg'), rgb, True)
            _save(osp.join(out, 'annotations', folder, name + '.png'), table[label])


def write_coco_stuff10k(out: str, scenes: SceneSource) -> None:
    """``images/{train2014,test2014}/COCO_*.jpg`` and ``annotations/..._labelTrainIds.png``
    (mmseg's converter: 0 unlabelled, 1..171)."""
    table = label_table('coco_stuff10k', offset=1, unlabelled=0)
    for split, folder in (('train', 'train2014'), ('val', 'test2014')):
        for i, rgb, label, _ in scenes(split):
            name = f'COCO_{folder}_{i:012d}'
            _save(osp.join(out, 'images', folder, name + '.jpg'), rgb, True)
            _save(osp.join(out, 'annotations', folder, name + '_labelTrainIds.png'),
                  table[label])


def instances(label: np.ndarray, table: np.ndarray,
              min_area: int = 4) -> List[Tuple[int, np.ndarray]]:
    """Instance masks of one label map: the connected components of each class that maps to a
    detection category (``table`` value != 255). Touching objects of one class merge.

    Returns:
        list[tuple[int, np.ndarray]]: (category index, (H, W) bool mask) pairs.
    """
    found = []
    for cls in np.flatnonzero(table != 255):
        count, comp = cv2.connectedComponents((label == cls).astype(np.uint8), connectivity=8)
        for k in range(1, count):
            mask = comp == k
            if mask.sum() >= min_area:
                found.append((int(table[cls]), mask))
    return found


def _polygons(mask: np.ndarray) -> List[List[float]]:
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL,
                                   cv2.CHAIN_APPROX_SIMPLE)
    return [c.reshape(-1).astype(float).tolist() for c in contours if len(c) >= 3]


def write_coco_instances(out: str, scenes: SceneSource,
                         classes: Optional[Sequence[str]] = None) -> None:
    """COCO 2017 instances: ``{train,val}2017/<id>.jpg`` and
    ``annotations/instances_{train,val}2017.json`` (boxes xywh, polygon masks, ``iscrowd=0``).

    Args:
        classes (Sequence[str], optional): Category names to write, in order, mapped from
            the generator's ``CLASSES`` by name; defaults to the 80 COCO categories with
            car / person / obstacle / poster as car / person / fire hydrant / stop sign.
    """
    if classes is None:
        names, table = list(dataset_classes('coco')), label_table('coco')
    else:
        names = list(classes)
        table = np.array([names.index(c) if c in names else 255 for c in CLASSES], np.uint8)
    categories = [dict(id=k + 1, name=name) for k, name in enumerate(names)]
    for split in ('train', 'val'):
        images, annotations = [], []
        for i, rgb, label, _ in scenes(split):
            image_id = i + 1
            file_name = f'{image_id:012d}.jpg'
            _save(osp.join(out, f'{split}2017', file_name), rgb, True)
            images.append(dict(id=image_id, file_name=file_name, height=label.shape[0],
                               width=label.shape[1]))
            for cat, mask in instances(label, table):
                polygons = _polygons(mask)
                if not polygons:
                    continue
                ys, xs = np.nonzero(mask)
                box = [float(xs.min()), float(ys.min()), float(xs.max() - xs.min() + 1),
                       float(ys.max() - ys.min() + 1)]
                annotations.append(dict(id=len(annotations) + 1, image_id=image_id,
                                        category_id=cat + 1, bbox=box,
                                        area=float(mask.sum()), segmentation=polygons,
                                        iscrowd=0))
        path = osp.join(out, 'annotations', f'instances_{split}2017.json')
        os.makedirs(osp.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            json.dump(dict(images=images, annotations=annotations, categories=categories), f)


# the generator's object classes: the ones drawn as separate things with a boundary of their
# own (road, sidewalk, building, pole, vegetation, sky are stuff: no instances)
DETECTION_CLASSES = ('car', 'person', 'obstacle', 'poster')


def generate_detection_dataset(out_dir: str, num_train: int = 240, num_val: int = 0,
                               seed: int = 0, height: int = 128, width: int = 256) -> str:
    """Write the generator's scenes as a COCO instance dataset of ``DETECTION_CLASSES``.

    The scenes are those of ``generate_dataset`` with the same arguments (scene ``i`` of a
    split depends on ``(seed, split, i)`` only); layout and annotations as
    ``write_coco_instances``. Generation is skipped when ``out_dir/.complete`` records the
    same parameters.

    Returns:
        str: ``out_dir``.
    """
    params = dict(version=GENERATOR_VERSION, classes=list(DETECTION_CLASSES),
                  num_train=num_train, num_val=num_val, seed=seed, height=height, width=width)
    marker = osp.join(out_dir, '.complete')
    if osp.isfile(marker):
        with open(marker) as f:
            if json.load(f) == params:
                return out_dir
        os.remove(marker)
    counts = dict(train=num_train, val=num_val)

    def scenes(split: str) -> Iterator[Scene]:
        for i in range(counts[split]):
            yield (i, *generate_scene(scene_rng(seed, split, i), height, width))
    write_coco_instances(out_dir, scenes, DETECTION_CLASSES)
    with open(marker, 'w') as f:
        json.dump(params, f)
    return out_dir


def _depth(depth_mm: np.ndarray, units_per_metre: float) -> np.ndarray:
    """Generator depth (uint16 mm) in another uint16 unit."""
    value = depth_mm.astype(np.float64) / DEPTH_SCALE * units_per_metre
    return np.clip(np.round(value), 0, 65535).astype(np.uint16)


WRITERS: Dict[str, Callable[[str, SceneSource], None]] = dict(
    cityscapes=write_cityscapes, acdc=write_acdc, kitti_semantics=write_kitti_semantics,
    vkitti2=write_vkitti2, nuimages=write_nuimages, nyuv2=write_nyuv2,
    voc12aug=write_voc12aug, ade20k=write_ade20k, coco_stuff10k=write_coco_stuff10k,
    coco=write_coco_instances)
# the dataset type each layout feeds (how a config's dataset is matched to its layout)
DATASET_TYPES = dict(CityscapesDataset='cityscapes', ACDCDataset='acdc',
                     KITTISemanticsDataset='kitti_semantics', VKITTI2Dataset='vkitti2',
                     NuImagesSegDataset='nuimages', NYUv2SegDataset='nyuv2',
                     PascalVOCDataset='voc12aug', ADE20KDataset='ade20k',
                     COCOStuffDataset='coco_stuff10k', CocoDataset='coco')


def scaled_size(layout: str, scale: float) -> Tuple[int, int]:
    """The layout's native (H, W) times ``scale``, rounded to a multiple of 8 (at least 32)."""
    return tuple(max(32, int(round(s * scale / 8)) * 8) for s in NATIVE_SIZES[layout])


def write_layout(layout: str, out: str, num_train: int = 4, num_val: int = 2,
                 scale: float = 1.0, seed: int = 0) -> str:
    """Write ``num_train`` + ``num_val`` generated scenes in a dataset's layout.

    Args:
        layout (str): One of ``WRITERS``.
        out (str): Dataset root (what the config's ``data_root`` points to).
        num_train (int): Scenes of the training split. Defaults to 4.
        num_val (int): Scenes of the validation / test split. Defaults to 2.
        scale (float): Image size as a fraction of the dataset's native size. Defaults to 1.
        seed (int): Generator seed; scene ``i`` of a split depends on (seed, split, i) only.

    Returns:
        str: ``out``.
    """
    if layout not in WRITERS:
        raise KeyError(f'layout {layout!r} unknown; choose from {sorted(WRITERS)}')
    height, width = scaled_size(layout, scale)
    counts = dict(train=num_train, val=num_val)

    def scenes(split: str) -> Iterator[Scene]:
        for i in range(counts[split]):
            yield (i, *generate_scene(scene_rng(seed, split, i), height, width))
    WRITERS[layout](out, scenes)
    return out
