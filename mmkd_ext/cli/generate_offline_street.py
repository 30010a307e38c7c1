"""Generate the offline street-scene dataset (RGB, labels and depth).

Example:
    python tools/dataset_converters/generate_offline_street.py \
        --out data/offline_street
    mmkd-generate-offline-street --out data/offline_street   # installed package
"""
import argparse
import glob
import os.path as osp
import time
from typing import Optional, Sequence

import cv2
import numpy as np

from mmkd_ext.datasets.street_scene_generator import (CLASSES, DEPTH_SCALE,
                                                      generate_dataset)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Generate procedural street scenes with depth maps in '
        'the mmseg folder layout (img_dir / ann_dir / depth_dir).')
    parser.add_argument(
        '--out', default='data/offline_street', help='output dataset root')
    parser.add_argument(
        '--num-train', type=int, default=240, help='number of train scenes')
    parser.add_argument(
        '--num-val', type=int, default=60, help='number of val scenes')
    parser.add_argument(
        '--seed', type=int, default=0, help='non-negative random seed')
    parser.add_argument(
        '--height', type=int, default=128, help='image height in pixels')
    parser.add_argument(
        '--width', type=int, default=256, help='image width in pixels')
    return parser.parse_args(argv)


def class_frequencies(ann_dir: str) -> np.ndarray:
    """Pixel count of every class over the label maps in ``ann_dir``.

    Args:
        ann_dir (str): Folder of uint8 label PNGs.

    Returns:
        np.ndarray: Pixel count per class index (length ``len(CLASSES)``).
    """
    counts = np.zeros(len(CLASSES), np.int64)
    for path in sorted(glob.glob(osp.join(ann_dir, '*.png'))):
        label = cv2.imread(path, cv2.IMREAD_UNCHANGED)
        counts += np.bincount(label.ravel(), minlength=256)[:len(CLASSES)]
    return counts


def main(argv: Optional[Sequence[str]] = None) -> str:
    args = parse_args(argv)
    start = time.time()
    out = generate_dataset(args.out, args.num_train, args.num_val, args.seed,
                           args.height, args.width)
    print(f'Dataset ready in {out} ({time.time() - start:.1f} s): '
          f'{args.num_train} train / {args.num_val} val scenes of '
          f'{args.height}x{args.width} px under img_dir/, ann_dir/ and '
          f'depth_dir/ (uint16 depth, {DEPTH_SCALE} = 1 m).')
    counts = class_frequencies(osp.join(out, 'ann_dir', 'train'))
    print('Pixel frequency of the train split:')
    for name, count in zip(CLASSES, counts):
        print(f'  {name:<12s}{100 * count / max(counts.sum(), 1):7.2f} %')
    return out


def cli() -> None:
    """Console-script entry point: like ``main`` but exits with status 0."""
    main()


if __name__ == '__main__':
    cli()
