"""Convert nuImages (json tables + RLE masks) to the mmseg layout of ``NuImagesSegDataset``.

Input (official download)::

    <root>/samples/CAM_*/<name>.jpg
    <root>/v1.0-train/{sample_data,category,object_ann,surface_ann}.json
    <root>/v1.0-val/...

Output::

    <out>/img_dir/{train,val}/<name>.jpg    copies of the key-frame images
    <out>/ann_dir/{train,val}/<name>.png    uint8 train ids, 255 = not annotated

Semantic map as nuImages' devkit draws it: surfaces first, then objects in
token order, later masks overwrite earlier ones. As in LIX (Sec. IV-A) a
random subset (``--num-images``, default 800) of annotated key frames is
split ``--val-ratio`` (default 0.3) at random. Depth maps (LIX: Depth
Anything) are not produced here; write them to ``<out>/depth_dir/{train,val}``
with the image's name and ``.png``.

Example::

    python tools/dataset_converters/nuimages.py data/nuimages --out-dir data/nuimages_seg
"""
import argparse
import base64
import json
import os.path as osp
import random
import shutil
from collections import defaultdict
from typing import Dict, List, Sequence

import numpy as np
from mmengine.utils import mkdir_or_exist
from PIL import Image
from pycocotools import mask as mask_utils

from mmkd_ext.datasets.nuimages_seg import NUIMAGES_CLASSES


def decode_mask(mask: dict) -> np.ndarray:
    """nuImages mask (COCO RLE with base64 counts) -> (H, W) uint8."""
    rle = dict(size=mask['size'], counts=base64.b64decode(mask['counts']))
    return mask_utils.decode(rle)


def semantic_map(height: int, width: int, surfaces: List[dict], objects: List[dict],
                 category_names: Dict[str, str]) -> np.ndarray:
    """Draw surfaces, then objects (sorted by token), into a train-id map."""
    ids = {name: i for i, name in enumerate(NUIMAGES_CLASSES)}
    seg = np.full((height, width), 255, dtype=np.uint8)
    for ann in list(surfaces) + sorted(objects, key=lambda a: a['token']):
        if ann.get('mask') is None:
            continue
        name = category_names[ann['category_token']]
        if name not in ids:
            raise KeyError(f'nuImages category {name!r} is not in NUIMAGES_CLASSES.')
        seg[decode_mask(ann['mask']) == 1] = ids[name]
    return seg


def load_version(root: str, version: str) -> List[dict]:
    """Key frames of one version with their annotations attached."""
    def table(name):
        with open(osp.join(root, version, f'{name}.json')) as f:
            return json.load(f)
    names = {c['token']: c['name'] for c in table('category')}
    anns = {'surface_ann': defaultdict(list), 'object_ann': defaultdict(list)}
    for kind, per_frame in anns.items():
        for ann in table(kind):
            per_frame[ann['sample_data_token']].append(ann)
    frames = []
    for sd in table('sample_data'):
        token = sd['token']
        if not sd['is_key_frame'] or not (anns['surface_ann'][token] or
                                          anns['object_ann'][token]):
            continue
        frames.append(dict(sd, surfaces=anns['surface_ann'][token],
                           objects=anns['object_ann'][token], category_names=names))
    return frames


def convert(root: str, out_dir: str, versions: Sequence[str] = ('v1.0-train', 'v1.0-val'),
            num_images: int = 800, val_ratio: float = 0.3, seed: int = 0) -> Dict[str, int]:
    """Write the random subset in mmseg layout.

    Returns:
        dict[str, int]: Number of images per split.
    """
    if not 0 <= val_ratio < 1:
        raise ValueError(f'--val-ratio must be in [0, 1), got {val_ratio}.')
    frames = sorted((f for v in versions for f in load_version(root, v)),
                    key=lambda f: f['token'])
    random.Random(seed).shuffle(frames)
    frames = frames[:num_images] if num_images > 0 else frames
    num_val = int(round(len(frames) * val_ratio))
    splits = dict(val=frames[:num_val], train=frames[num_val:])
    for split, items in splits.items():
        mkdir_or_exist(osp.join(out_dir, 'img_dir', split))
        mkdir_or_exist(osp.join(out_dir, 'ann_dir', split))
        for f in items:
            name = osp.splitext(osp.basename(f['filename']))[0]
            shutil.copyfile(osp.join(root, f['filename']),
                            osp.join(out_dir, 'img_dir', split, name + '.jpg'))
            seg = semantic_map(f['height'], f['width'], f['surfaces'], f['objects'],
                               f['category_names'])
            Image.fromarray(seg).save(osp.join(out_dir, 'ann_dir', split, name + '.png'))
    return {k: len(v) for k, v in splits.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('root', help='nuImages root (samples/, v1.0-*/)')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--versions', nargs='+', default=['v1.0-train', 'v1.0-val'])
    parser.add_argument('--num-images', type=int, default=800, help='<= 0: all')
    parser.add_argument('--val-ratio', type=float, default=0.3)
    parser.add_argument('--seed', type=int, default=0)
    args = parser.parse_args()
    print(convert(args.root, args.out_dir, args.versions, args.num_images, args.val_ratio,
                  args.seed))


if __name__ == '__main__':
    main()
