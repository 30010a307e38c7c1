"""A three-class dataset of discs and bars, and a writer for a tiny copy of it."""
import os
import os.path as osp

import cv2
import numpy as np
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS


@DATASETS.register_module()
class ToyShapesDataset(BaseSegDataset):
    """Discs and bars on a noisy background.

    Layout: ``images/{train,val}/*.jpg`` and ``labels/{train,val}/*.png``.
    """
    METAINFO = dict(
        classes=('background', 'disc', 'bar'),
        palette=[[0, 0, 0], [220, 20, 60], [0, 0, 142]])

    def __init__(self, **kwargs) -> None:
        super().__init__(img_suffix='.jpg', seg_map_suffix='.png', **kwargs)


def make_toy_shapes(root: str, num_train: int = 8, num_val: int = 4,
                    seed: int = 0, size=(128, 256)) -> str:
    """Write a tiny ToyShapes tree under ``root`` and return ``root``."""
    rng = np.random.default_rng(seed)
    for split, count in (('train', num_train), ('val', num_val)):
        os.makedirs(osp.join(root, 'images', split), exist_ok=True)
        os.makedirs(osp.join(root, 'labels', split), exist_ok=True)
        for i in range(count):
            image = rng.integers(60, 120, (*size, 3), dtype=np.uint8)
            label = np.zeros(size, np.uint8)
            for _ in range(3):
                cy, cx = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
                cv2.circle(label, (cx, cy), int(rng.integers(6, 20)), 1, -1)
                x0 = int(rng.integers(0, size[1] - 40))
                cv2.rectangle(label, (x0, cy), (x0 + 40, min(cy + 6, size[0] - 1)), 2, -1)
            image[label == 1] = (40, 40, 200)
            image[label == 2] = (200, 60, 20)
            cv2.imwrite(osp.join(root, 'images', split, f'{i:03d}.jpg'), image)
            cv2.imwrite(osp.join(root, 'labels', split, f'{i:03d}.png'), label)
    return root
